package org.relabel.annotation;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.relabel.testing.TestUsers.as;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relabel.account.AccountService;
import org.relabel.testing.TestUsers;

@QuarkusTest
class CampaignResourceTest {
    static final String PROBLEM = "application/problem+json";

    @Inject
    AccountService accounts;
    @Inject
    AgroalDataSource db;

    CampaignFixture f;

    @BeforeEach
    void setUp() {
        TestUsers.ensure(accounts);
        f = CampaignFixture.create(db, 12, 6);
    }

    String base() {
        return "/api/datasets/" + f.dataset + "/campaigns";
    }

    long create(String json) {
        return as("curator").contentType("application/json").body(json).post(base())
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    /** Candidate class keys per image key, from the queue table. */
    Map<String, List<String>> candidates(long campaign, boolean gold) throws SQLException {
        Map<Long, String> classKey = new HashMap<>();
        f.classIds.forEach((k, id) -> classKey.put(id, k));
        Map<Long, String> imageKey = new HashMap<>();
        f.imageIds.forEach((k, id) -> imageKey.put(id, k));
        Map<String, List<String>> out = new HashMap<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT image_id, candidates FROM campaign_image WHERE campaign_id = ? AND gold = ?")) {
            ps.setLong(1, campaign);
            ps.setBoolean(2, gold);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> keys = new ArrayList<>();
                    for (String id : rs.getString(2).split(" ")) keys.add(classKey.get(Long.valueOf(id)));
                    out.put(imageKey.get(rs.getLong(1)), keys);
                }
            }
        }
        return out;
    }

    @Test
    void createsDraftWithDefaultsAndACompletionCode() {
        as("curator").contentType("application/json").body("{\"name\":\"Round 1\",\"models\":[\"m2\",\"m1\"]}").post(base())
                .then().statusCode(201).header("Location", containsString(base() + "/"))
                .body("state", equalTo("DRAFT")).body("topK", equalTo(5)).body("maxCandidates", equalTo(12))
                .body("overlap", equalTo(5)).body("leaseSeconds", equalTo(600)).body("goldRate", equalTo(0.0))
                .body("models", equalTo(List.of("m2", "m1"))).body("dataset", equalTo(f.dataset))
                .body("completionCode", matchesPattern("RL-[A-Z2-9]{10}")).body("createdBy", equalTo("test-curator"));
        as("admin").get(base()).then().statusCode(200).body("name", hasItem("Round 1"));
        as("curator").get("/api/datasets/" + f.dataset).then().statusCode(200).body("counts.campaigns", equalTo(1));
    }

    @Test
    void rejectsInvalidSettingsWithEveryFieldNamed() {
        as("curator").contentType("application/json")
                .body("{\"name\":\"\",\"overlap\":0,\"maxCandidates\":99,\"models\":[\"nope\"],\"goldRate\":0.9,"
                        + "\"selection\":{\"labels\":[\"zz\"]}}")
                .post(base()).then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("urn:relabel:invalid-campaign"))
                .body("errors.field", equalTo(List.of("name", "overlap", "goldRate", "models", "maxCandidates", "selection.labels")))
                .body("errorCount", equalTo(6));
        as("curator").contentType("application/json").body("{\"name\": ").post(base())
                .then().statusCode(400).contentType(PROBLEM).body("type", equalTo("urn:relabel:bad-json"));
    }

    @Test
    void openingFixesCandidateSetsFromTopKOfModelsPlusOriginalLabel() throws SQLException {
        long id = create("{\"name\":\"top3\",\"models\":[\"m1\",\"m2\"],\"topK\":3,\"maxCandidates\":10}");
        as("curator").post(base() + "/" + id + "/open").then().statusCode(200)
                .body("images", equalTo(12)).body("goldImages", equalTo(0)).body("maxCandidates", equalTo(4));
        Map<String, List<String>> sets = candidates(id, false);
        assertEquals(12, sets.size());
        for (String image : f.images()) {
            // original first, then rank 1 of m1 (the original: no repeat) and m2, rank 2 (repeats), rank 3 of m1 and m2
            List<String> expected = new ArrayList<>();
            expected.add(f.originalOf.get(image));
            for (String l : List.of(f.topOfM2(image).get(0), f.topOfM1(image).get(2), f.topOfM2(image).get(2))) {
                if (!expected.contains(l)) expected.add(l);
            }
            assertEquals(expected, sets.get(image), image);
        }
        as("curator").get(base() + "/" + id).then().statusCode(200).body("state", equalTo("OPEN"))
                .body("stats.images", equalTo(12)).body("stats.wanted", equalTo(60)).body("stats.judgments", equalTo(0));
    }

    @Test
    void capKeepsOriginalAndBestRankedLabels() throws SQLException {
        long id = create("{\"name\":\"capped\",\"models\":[\"m1\",\"m2\"],\"topK\":3,\"maxCandidates\":2}");
        as("curator").post(base() + "/" + id + "/open").then().statusCode(200);
        for (var e : candidates(id, false).entrySet()) {
            assertEquals(List.of(f.originalOf.get(e.getKey()), f.topOfM2(e.getKey()).get(0)), e.getValue());
        }
    }

    @Test
    void imagesWithoutModelsGetOnlyTheirOriginalLabel() throws SQLException {
        long id = create("{\"name\":\"no models\"}");
        as("curator").post(base() + "/" + id + "/open").then().statusCode(200);
        for (var e : candidates(id, false).entrySet()) assertEquals(List.of(f.originalOf.get(e.getKey())), e.getValue());
    }

    @Test
    void candidateSettingsAreFixedOnceOpenButInstructionsMayChange() {
        long id = create("{\"name\":\"fixed\",\"models\":[\"m1\"]}");
        as("curator").post(base() + "/" + id + "/open").then().statusCode(200);
        as("curator").contentType("application/json").body("{\"models\":[\"m2\"]}").put(base() + "/" + id)
                .then().statusCode(409).contentType(PROBLEM).body("type", equalTo("urn:relabel:conflict"));
        as("curator").contentType("application/json").body("{\"topK\":2}").put(base() + "/" + id).then().statusCode(409);
        as("curator").contentType("application/json").body("{\"models\":[\"m1\"],\"instructions\":\"Look **closely**\",\"overlap\":3}")
                .put(base() + "/" + id).then().statusCode(200)
                .body("instructions", equalTo("Look **closely**")).body("overlap", equalTo(3));
        as("curator").post(base() + "/" + id + "/open").then().statusCode(409);
    }

    @Test
    void selectionFiltersByLabelPrefixDisagreementAndSample() throws SQLException {
        long byLabel = create("{\"name\":\"label\",\"selection\":{\"labels\":[\"c0\",\"c1\"]}}");
        as("curator").post(base() + "/" + byLabel + "/open").then().statusCode(200).body("images", equalTo(4));
        for (String image : candidates(byLabel, false).keySet()) assertTrue(image.startsWith("c0/") || image.startsWith("c1/"));

        long byPrefix = create("{\"name\":\"prefix\",\"selection\":{\"keyPrefix\":\"c2/\"}}");
        as("curator").post(base() + "/" + byPrefix + "/open").then().statusCode(200).body("images", equalTo(2));

        long sample = create("{\"name\":\"sample\",\"selection\":{\"sample\":5,\"seed\":42}}");
        as("curator").post(base() + "/" + sample + "/open").then().statusCode(200).body("images", equalTo(5));
        long same = create("{\"name\":\"sample again\",\"selection\":{\"sample\":5,\"seed\":42}}");
        as("curator").post(base() + "/" + same + "/open").then().statusCode(200);
        assertEquals(candidates(sample, false).keySet(), candidates(same, false).keySet());

        // m1's top-1 is always the original label: nothing disagrees, the campaign stays a draft
        long agree = create("{\"name\":\"agree\",\"models\":[\"m1\"],\"selection\":{\"disagreement\":true}}");
        as("curator").post(base() + "/" + agree + "/open").then().statusCode(409).contentType(PROBLEM)
                .body("type", equalTo("urn:relabel:empty-selection"));
        as("curator").get(base() + "/" + agree).then().body("state", equalTo("DRAFT"));
        long disagree = create("{\"name\":\"disagree\",\"models\":[\"m1\",\"m2\"],\"selection\":{\"disagreement\":true}}");
        as("curator").post(base() + "/" + disagree + "/open").then().statusCode(200).body("images", equalTo(12));
    }

    @Test
    void goldAnswersAreValidatedByLineAndColumnAndBecomeCandidates() throws SQLException {
        long id = create("{\"name\":\"gold\",\"models\":[\"m1\"],\"topK\":1,\"goldRate\":0.2,\"selection\":{\"keyPrefix\":\"c1/\"}}");
        String bad = "image,labels,main\n" + f.image(0) + ",c0 c5,c3\nnope.png,c0,\n" + f.image(2) + ",c9,\n";
        as("curator").contentType("text/csv").body(bad).put(base() + "/" + id + "/gold").then().statusCode(400)
                .contentType(PROBLEM).body("type", equalTo("urn:relabel:invalid-upload"))
                .body("errors[0].line", equalTo(2)).body("errors[0].column", equalTo(3)).body("errors[0].field", equalTo("main"))
                .body("errors[1].line", equalTo(3)).body("errors[1].field", equalTo("image"))
                .body("errors[2].line", equalTo(4)).body("errors[2].column", equalTo(2));
        as("curator").get(base() + "/" + id).then().body("goldAnswers", equalTo(0));
        String good = "image,labels,main\n" + f.image(0) + ",c0 c5,c5\n" + f.image(2) + ",c4,\n";
        as("curator").contentType("text/csv").body(good).put(base() + "/" + id + "/gold").then().statusCode(200)
                .body("rows", equalTo(2));
        as("curator").post(base() + "/" + id + "/open").then().statusCode(200).body("images", equalTo(2)).body("goldImages", equalTo(2));
        Map<String, List<String>> gold = candidates(id, true);
        assertEquals(List.of("c0", "c5"), gold.get(f.image(0)));
        assertEquals(List.of("c2", "c4"), gold.get(f.image(2)));
        assertEquals(2, candidates(id, false).size());
        as("curator").contentType("text/csv").body(good).put(base() + "/" + id + "/gold").then().statusCode(409);
    }

    @Test
    void closeStopsAndOpenReopensButOnlyDraftsCanBeDeleted() {
        long id = create("{\"name\":\"lifecycle\"}");
        as("curator").post(base() + "/" + id + "/close").then().statusCode(409);
        as("curator").post(base() + "/" + id + "/open").then().statusCode(200);
        as("curator").delete(base() + "/" + id).then().statusCode(409);
        as("curator").post(base() + "/" + id + "/close").then().statusCode(200).body("state", equalTo("CLOSED"));
        as("curator").post(base() + "/" + id + "/open").then().statusCode(200).body("state", equalTo("OPEN"));
        long draft = create("{\"name\":\"scrap\"}");
        as("admin").delete(base() + "/" + draft).then().statusCode(204);
        as("admin").get(base() + "/" + draft).then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void openingAsynchronouslyRunsAJob() throws InterruptedException {
        long id = create("{\"name\":\"async\",\"models\":[\"m1\",\"m2\"]}");
        Response r = as("curator").post(base() + "/" + id + "/open?async=true");
        r.then().statusCode(202).body("kind", equalTo("campaign-open"));
        String job = r.jsonPath().getString("id");
        String state = "QUEUED";
        for (int i = 0; i < 100 && (state.equals("QUEUED") || state.equals("RUNNING")); i++) {
            Thread.sleep(100);
            state = as("curator").get("/api/jobs/" + job).jsonPath().getString("state");
        }
        assertEquals("SUCCEEDED", state);
        as("curator").get(base() + "/" + id).then().body("state", equalTo("OPEN")).body("openJob", equalTo(job))
                .body("stats.images", equalTo(12));
    }

    @Test
    void inviteLinksAreSignedPersonalOrOpen() {
        long id = create("{\"name\":\"invites\"}");
        as("curator").post(base() + "/" + id + "/open").then().statusCode(200);
        as("curator").contentType("application/json").body("{\"worker\":\"W-17\"}").post(base() + "/" + id + "/invites")
                .then().statusCode(200).body("kind", equalTo("personal")).body("worker", equalTo("W-17"))
                .body("url", matchesPattern("http://[^/]+/join/" + id + "\\?worker=W-17&sig=[A-Za-z0-9_-]{43}"));
        as("curator").contentType("application/json").body("{}").post(base() + "/" + id + "/invites")
                .then().statusCode(200).body("kind", equalTo("open"))
                .body("url", matchesPattern("http://[^/]+/join/" + id + "\\?sig=[A-Za-z0-9_-]{43}"));
        as("curator").contentType("application/json").body("{\"worker\":\"bad id!\"}").post(base() + "/" + id + "/invites")
                .then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void onlyCuratorsAndAdminsManageCampaigns() {
        long id = create("{\"name\":\"roles\"}");
        as("annotator").get(base()).then().statusCode(403);
        as("researcher").get(base()).then().statusCode(403);
        as("annotator").post(base() + "/" + id + "/open").then().statusCode(403);
        as("researcher").contentType("application/json").body("{\"name\":\"x\"}").post(base()).then().statusCode(403);
        io.restassured.RestAssured.given().get(base()).then().statusCode(401);
        as("curator").get("/api/datasets/nope/campaigns").then().statusCode(404).contentType(PROBLEM);
        as("curator").get(base() + "/999999").then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void campaignPagesRenderForCurators() {
        long id = create("{\"name\":\"Page <b>test</b>\",\"instructions\":\"# Hello\\n\\n<script>alert(1)</script>\\n\\nBe *careful*\"}");
        as("curator").accept("text/html").get("/datasets/" + f.dataset + "/campaigns").then().statusCode(200)
                .body(containsString("Page &lt;b&gt;test&lt;/b&gt;")).body(containsString("m1"));
        String page = as("curator").accept("text/html").get("/datasets/" + f.dataset + "/campaigns/" + id)
                .then().statusCode(200).extract().asString();
        assertTrue(page.contains("<h1>Hello</h1>"), page);
        assertTrue(page.contains("<em>careful</em>"));
        assertTrue(!page.contains("<script>alert(1)</script>") && page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), page);
        as("annotator").accept("text/html").get("/datasets/" + f.dataset + "/campaigns").then().statusCode(403);
    }
}
