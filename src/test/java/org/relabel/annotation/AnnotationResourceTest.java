package org.relabel.annotation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.relabel.testing.TestUsers.as;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relabel.account.Account;
import org.relabel.account.AccountService;
import org.relabel.account.Roles;
import org.relabel.annotation.domain.StoredAnswers;
import org.relabel.testing.TestUsers;

@QuarkusTest
class AnnotationResourceTest {
    static final String PROBLEM = "application/problem+json";

    @Inject
    AccountService accounts;
    @Inject
    AgroalDataSource db;
    @Inject
    AssignmentService assignments;
    @Inject
    JudgmentService judgments;

    CampaignFixture f;

    @BeforeEach
    void setUp() {
        TestUsers.ensure(accounts);
        f = CampaignFixture.create(db, 6, 6);
    }

    long open(String settings) {
        long id = as("curator").contentType("application/json").body(settings)
                .post("/api/datasets/" + f.dataset + "/campaigns").then().statusCode(201).extract().jsonPath().getLong("id");
        as("curator").post("/api/datasets/" + f.dataset + "/campaigns/" + id + "/open").then().statusCode(200);
        return id;
    }

    /** An annotator account; {@link Who#req()} gives a fresh request (REST Assured specifications keep what is set on them). */
    record Who(String name) {
        RequestSpecification req() {
            return given().auth().preemptive().basic(name, TestUsers.PASSWORD);
        }
    }

    Who annotator(String name) {
        boolean exists = QuarkusTransaction.requiringNew().call(() -> Account.byUsername(name).isPresent());
        if (!exists) accounts.create(name, TestUsers.PASSWORD, List.of(Roles.ANNOTATOR), name);
        return new Who(name);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    JsonPath lease(RequestSpecification who, long campaign) {
        return who.post("/api/campaigns/" + campaign + "/assignments").then().statusCode(201).extract().jsonPath();
    }

    Response submit(RequestSpecification who, long campaign, long assignment, List<String> selected, String main, String key) {
        Map<String, Object> body = new HashMap<>();
        body.put("assignment", assignment);
        body.put("selected", selected);
        body.put("main", main);
        body.put("millis", 1234);
        body.put("idempotencyKey", key);
        return who.contentType("application/json").body(body).post("/api/campaigns/" + campaign + "/judgments");
    }

    Object[] row(String sql, Object... params) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return null;
                Object[] out = new Object[rs.getMetaData().getColumnCount()];
                for (int i = 0; i < out.length; i++) out[i] = rs.getObject(i + 1);
                return out;
            }
        }
    }

    long imageOf(long assignment) throws SQLException {
        return ((Number) row("SELECT image_id FROM assignment WHERE id = ?", assignment)[0]).longValue();
    }

    int[] counters(long campaign, long image) throws SQLException {
        Object[] r = row("SELECT judgments_done, leased FROM campaign_image WHERE campaign_id = ? AND image_id = ?", campaign, image);
        return new int[]{((Number) r[0]).intValue(), ((Number) r[1]).intValue()};
    }

    String keyOf(long image) {
        return f.imageIds.entrySet().stream().filter(e -> e.getValue() == image).findFirst().orElseThrow().getKey();
    }

    @Test
    void leasesAnImageWithItsCandidatesAndRevealsNothingElse() throws SQLException {
        long c = open("{\"name\":\"reveal\",\"models\":[\"m1\",\"m2\"],\"topK\":3,\"overlap\":2}");
        Response r = as("annotator").post("/api/campaigns/" + c + "/assignments");
        r.then().statusCode(201).header("Location", containsString("/api/campaigns/" + c + "/assignments/"))
                .body("campaign", equalTo((int) c)).body("image.url", startsWith("/media/"))
                .body("image.width", equalTo(12)).body("candidates", hasSize(4))
                .body("candidates[0].name", startsWith("Class ")).body("candidates[0].description", startsWith("Description"))
                .body("expiresAt", notNullValue()).body("previous", nullValue());
        String json = r.asString();
        String image = keyOf(imageOf(r.jsonPath().getLong("id")));
        Set<String> expected = new HashSet<>(List.of(f.originalOf.get(image), f.topOfM2(image).get(0),
                f.topOfM1(image).get(2), f.topOfM2(image).get(2)));
        assertEquals(expected, new HashSet<>(r.jsonPath().getList("candidates.key", String.class)));
        for (String secret : List.of("img-", "\"m1\"", "\"m2\"", "probability", "gold", "original", "score", f.dataset)) {
            assertFalse(json.contains(secret), "the lease reveals " + secret + ": " + json);
        }
    }

    @Test
    void displayOrderIsShuffledPerView() throws SQLException {
        long c = open("{\"name\":\"shuffle\",\"models\":[\"m1\",\"m2\"],\"topK\":3,\"overlap\":40}");
        Set<Long> images = new HashSet<>();
        Set<List<String>> orders = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            JsonPath a = lease(annotator(unique("shuffler")).req(), c);
            images.add(imageOf(a.getLong("id")));
            orders.add(a.getList("candidates.key", String.class));
        }
        // every new annotator gets the same first image (no judgments yet, then the stable key) ...
        assertEquals(1, images.size());
        // ... with its 4 candidates in a fresh order (all 10 alike would have probability 24^-9)
        assertTrue(orders.size() > 1, "orders " + orders);
        assertEquals(1, orders.stream().map(HashSet::new).distinct().count());
    }

    @Test
    void submissionStoresJudgmentAnswersShownOrderAndCounters() throws SQLException {
        long c = open("{\"name\":\"store\",\"models\":[\"m1\",\"m2\"],\"topK\":3,\"overlap\":2}");
        JsonPath a = lease(as("annotator"), c);
        long assignment = a.getLong("id");
        long image = imageOf(assignment);
        List<String> shown = a.getList("candidates.key", String.class);
        List<String> selected = List.of(shown.get(2), shown.get(0));
        submit(as("annotator"), c, assignment, selected, shown.get(2), "k-" + UUID.randomUUID())
                .then().statusCode(201).body("assignment", equalTo((int) assignment)).body("judgment", notNullValue());
        Object[] j = row("SELECT j.source, j.annotator, j.account_id, j.main_class_id, j.shown, j.millis, j.none_apply, "
                + "j.unclear, j.dataset_id, j.image_id, a.state, a.judgment_id FROM judgment j JOIN assignment a ON a.judgment_id = j.id "
                + "WHERE a.id = ?", assignment);
        assertEquals("CAMPAIGN", j[0]);
        assertEquals("test-annotator", j[1]);
        assertNotEquals(null, j[2]);
        assertEquals(f.classIds.get(shown.get(2)), ((Number) j[3]).longValue());
        assertEquals(String.join(" ", shown), j[4]);
        assertEquals(1234, ((Number) j[5]).intValue());
        assertEquals(false, j[6]);
        assertEquals(false, j[7]);
        assertEquals(f.datasetId, ((Number) j[8]).longValue());
        assertEquals(image, ((Number) j[9]).longValue());
        assertEquals("SUBMITTED", j[10]);
        long judgment = ((Number) j[11]).longValue();
        Map<String, Integer> answers = new HashMap<>();
        try (Connection conn = db.getConnection();
             PreparedStatement ps = conn.prepareStatement("SELECT c.id, c.class_key FROM dataset_class c JOIN judgment j "
                     + "ON j.dataset_id = c.dataset_id WHERE j.id = ?");
             PreparedStatement stored = conn.prepareStatement("SELECT answers FROM judgment WHERE id = ?")) {
            ps.setLong(1, judgment);
            Map<Long, String> keys = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) keys.put(rs.getLong(1), rs.getString(2));
            }
            stored.setLong(1, judgment);
            try (ResultSet rs = stored.executeQuery()) {
                assertTrue(rs.next());
                StoredAnswers.decode(rs.getString(1)).forEach((label, answer) -> answers.put(keys.get(label), (int) answer));
            }
        }
        Map<String, Integer> expected = new HashMap<>();
        for (String k : shown) expected.put(k, selected.contains(k) ? 2 : 0);
        assertEquals(expected, answers);
        assertEquals(1, counters(c, image)[0]);
        assertEquals(0, counters(c, image)[1]);
    }

    @Test
    void retryWithTheSameIdempotencyKeyNeverDuplicates() throws SQLException {
        long c = open("{\"name\":\"idem\",\"overlap\":2}");
        JsonPath a = lease(as("annotator"), c);
        String only = a.getString("candidates[0].key");
        String key = "retry-" + UUID.randomUUID();
        Response stored = submit(as("annotator"), c, a.getLong("id"), List.of(only), null, key);
        int first = stored.then().statusCode(201).extract().jsonPath().getInt("judgment");
        assertEquals(RestAssured.baseURI + ":" + RestAssured.port + "/api/campaigns/" + c + "/judgments/" + first,
                stored.header("Location"));
        submit(as("annotator"), c, a.getLong("id"), List.of(only), null, key).then().statusCode(200)
                .body("judgment", equalTo(first));
        assertEquals(1L, ((Number) row("SELECT COUNT(*) FROM judgment WHERE idempotency_key = ?", key)[0]).longValue());
        assertEquals(1, counters(c, imageOf(a.getLong("id")))[0]);
        // the same key on another assignment is a conflict, a new key on an answered assignment too
        JsonPath b = lease(as("annotator"), c);
        submit(as("annotator"), c, b.getLong("id"), List.of(b.getString("candidates[0].key")), null, key)
                .then().statusCode(409).contentType(PROBLEM).body("type", equalTo("urn:relabel:idempotency-key-reused"));
        submit(as("annotator"), c, a.getLong("id"), List.of(only), null, "other-" + UUID.randomUUID())
                .then().statusCode(409).body("type", equalTo("urn:relabel:already-submitted"));
        // the key may come as a header
        as("annotator").contentType("application/json").header("Idempotency-Key", "hdr-" + key)
                .body(Map.of("assignment", b.getLong("id"), "noneApply", true))
                .post("/api/campaigns/" + c + "/judgments").then().statusCode(201);
    }

    @Test
    void badInputIsRejectedAsProblemJson() {
        long c = open("{\"name\":\"bad\",\"models\":[\"m1\",\"m2\"],\"topK\":3,\"overlap\":3}");
        JsonPath a = lease(as("annotator"), c);
        long id = a.getLong("id");
        List<String> shown = a.getList("candidates.key", String.class);
        String outside = f.classIds.keySet().stream().filter(k -> !shown.contains(k)).findFirst().orElseThrow();
        submit(as("annotator"), c, id, List.of(shown.get(0), outside), shown.get(0), "x1").then().statusCode(400)
                .contentType(PROBLEM).body("type", equalTo("urn:relabel:invalid-judgment"))
                .body("errors[0].field", equalTo("selected")).body("errors[0].message", containsString(outside));
        submit(as("annotator"), c, id, List.of(shown.get(0)), shown.get(1), "x2").then().statusCode(400)
                .body("errors[0].field", equalTo("main"));
        submit(as("annotator"), c, id, List.of(shown.get(0), shown.get(1)), null, "x3").then().statusCode(400)
                .body("errors[0].field", equalTo("main"));
        submit(as("annotator"), c, id, List.of(), null, "x4").then().statusCode(400).body("errors[0].field", equalTo("selected"));
        submit(as("annotator"), c, id, List.of(shown.get(0)), null, null).then().statusCode(400)
                .body("errors[0].field", equalTo("idempotencyKey"));
        submit(as("annotator"), c, id, List.of(shown.get(0)), null, "bad key with spaces").then().statusCode(400);
        as("annotator").contentType("application/json").body("{\"selected\":[]}").post("/api/campaigns/" + c + "/judgments")
                .then().statusCode(400).body("errors[0].field", equalTo("assignment"));
        as("annotator").contentType("application/json").body("{\"assignment\": ").post("/api/campaigns/" + c + "/judgments")
                .then().statusCode(400).contentType(PROBLEM).body("type", equalTo("urn:relabel:bad-json"));
        submit(as("annotator"), c, 987654321L, List.of(shown.get(0)), null, "x5").then().statusCode(404).contentType(PROBLEM);
        // someone else's assignment looks like a missing one
        submit(annotator(unique("other")).req(), c, id, List.of(shown.get(0)), null, "x6").then().statusCode(404);
        as("annotator").post("/api/campaigns/424242/assignments").then().statusCode(404).contentType(PROBLEM);
        // nothing was stored by any of these
        submit(as("annotator"), c, id, List.of(shown.get(0)), null, "x7").then().statusCode(201);
    }

    @Test
    void annotatorNeverGetsAnImageTwiceAndFewestJudgmentsComeFirst() throws SQLException {
        long c = open("{\"name\":\"order\",\"overlap\":2}");
        Who first = annotator(unique("first"));
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            JsonPath a = lease(first.req(), c);
            assertTrue(seen.add(imageOf(a.getLong("id"))), "image given twice");
            submit(first.req(), c, a.getLong("id"), List.of(a.getString("candidates[0].key")), null, unique("k")).then().statusCode(201);
        }
        first.req().post("/api/campaigns/" + c + "/assignments").then().statusCode(204);
        // everything has one judgment; a second annotator's first image then has one, and after it the rest
        Who second = annotator(unique("second"));
        JsonPath a = lease(second.req(), c);
        submit(second.req(), c, a.getLong("id"), List.of(a.getString("candidates[0].key")), null, unique("k")).then().statusCode(201);
        Who third = annotator(unique("third"));
        JsonPath b = lease(third.req(), c);
        assertNotEquals(imageOf(a.getLong("id")), imageOf(b.getLong("id")), "an image with 2 judgments is full");
        assertEquals(1, counters(c, imageOf(b.getLong("id")))[0]);
    }

    @Test
    void anImageIsLeasedToAtMostOverlapMinusJudgmentsAnnotatorsAndExpiredLeasesReturn() throws SQLException {
        long c = open("{\"name\":\"cap\",\"overlap\":1,\"leaseSeconds\":60,\"selection\":{\"sample\":2}}");
        Who a = annotator(unique("a"));
        Who b = annotator(unique("b"));
        Who third = annotator(unique("c"));
        JsonPath la = lease(a.req(), c);
        JsonPath lb = lease(b.req(), c);
        assertNotEquals(imageOf(la.getLong("id")), imageOf(lb.getLong("id")));
        third.req().post("/api/campaigns/" + c + "/assignments").then().statusCode(204);
        // a's lease runs out: its place returns to the queue
        try (Connection conn = db.getConnection(); PreparedStatement ps = conn.prepareStatement(
                "UPDATE assignment SET expires_at = expires_at - INTERVAL '2' HOUR WHERE id = ?")) {
            ps.setLong(1, la.getLong("id"));
            ps.executeUpdate();
        }
        assertEquals(1, assignments.reap());
        assertEquals(0, assignments.reap());
        JsonPath lc = lease(third.req(), c);
        assertEquals(imageOf(la.getLong("id")), imageOf(lc.getLong("id")));
        assertEquals(1, counters(c, imageOf(la.getLong("id")))[1]);
        // a answers late: the image is taken again, so the answer is refused
        submit(a.req(), c, la.getLong("id"), List.of(la.getString("candidates[0].key")), null, unique("late")).then()
                .statusCode(409).contentType(PROBLEM).body("type", equalTo("urn:relabel:lease-expired"));
        a.req().get("/api/campaigns/" + c + "/assignments").then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void aLateAnswerIsKeptWhileTheImageStillHasRoom() throws SQLException {
        long c = open("{\"name\":\"late\",\"overlap\":2,\"selection\":{\"sample\":1}}");
        Who a = annotator(unique("late"));
        JsonPath la = lease(a.req(), c);
        try (Connection conn = db.getConnection(); PreparedStatement ps = conn.prepareStatement(
                "UPDATE assignment SET expires_at = expires_at - INTERVAL '2' HOUR WHERE id = ?")) {
            ps.setLong(1, la.getLong("id"));
            ps.executeUpdate();
        }
        assignments.reap();
        submit(a.req(), c, la.getLong("id"), List.of(la.getString("candidates[0].key")), null, unique("k")).then().statusCode(201);
        assertEquals(1, counters(c, imageOf(la.getLong("id")))[0]);
        assertEquals(0, counters(c, imageOf(la.getLong("id")))[1]);
    }

    @Test
    void skipIsRecordedAndTheImageGoesToSomeoneElse() throws SQLException {
        long c = open("{\"name\":\"skip\",\"overlap\":1,\"selection\":{\"sample\":1}}");
        Who a = annotator(unique("skipper"));
        JsonPath la = lease(a.req(), c);
        a.req().post("/api/campaigns/" + c + "/assignments/" + la.getLong("id") + "/skip").then().statusCode(204);
        assertEquals("SKIPPED", row("SELECT state FROM assignment WHERE id = ?", la.getLong("id"))[0]);
        assertEquals(0, counters(c, imageOf(la.getLong("id")))[1]);
        a.req().post("/api/campaigns/" + c + "/assignments").then().statusCode(204);
        a.req().post("/api/campaigns/" + c + "/assignments/" + la.getLong("id") + "/skip").then().statusCode(409);
        JsonPath lb = lease(annotator(unique("taker")).req(), c);
        assertEquals(imageOf(la.getLong("id")), imageOf(lb.getLong("id")));
        as("curator").get("/api/datasets/" + f.dataset + "/campaigns/" + c).then().body("stats.skips", equalTo(1));
    }

    @Test
    void undoReopensTheLastSubmissionWithItsAnswerWhileTheLeaseLasts() throws SQLException {
        long c = open("{\"name\":\"undo\",\"models\":[\"m1\",\"m2\"],\"topK\":3,\"overlap\":2}");
        Who a = annotator(unique("undoer"));
        a.req().post("/api/campaigns/" + c + "/judgments/undo").then().statusCode(409).body("type", equalTo("urn:relabel:nothing-to-undo"));
        JsonPath la = lease(a.req(), c);
        List<String> shown = la.getList("candidates.key", String.class);
        submit(a.req(), c, la.getLong("id"), List.of(shown.get(1), shown.get(3)), shown.get(3), unique("k")).then().statusCode(201);
        long image = imageOf(la.getLong("id"));
        assertEquals(1, counters(c, image)[0]);
        a.req().post("/api/campaigns/" + c + "/judgments/undo").then().statusCode(200)
                .body("id", equalTo(la.getInt("id"))).body("candidates.key", equalTo(shown))
                .body("previous.selected", equalTo(List.of(shown.get(1), shown.get(3)).stream().sorted((x, y) ->
                        Integer.compare(shown.indexOf(x), shown.indexOf(y))).toList()))
                .body("previous.main", equalTo(shown.get(3))).body("previous.noneApply", equalTo(false));
        assertEquals(0, counters(c, image)[0]);
        assertEquals(1, counters(c, image)[1]);
        assertEquals(0L, ((Number) row("SELECT COUNT(*) FROM judgment WHERE campaign_id = ?", c)[0]).longValue());
        a.req().get("/api/campaigns/" + c + "/progress").then().body("done", equalTo(0)).body("doneToday", equalTo(0));
        assertEquals(0L, CampaignFixture.progressMismatches(db, c));
        a.req().get("/api/campaigns/" + c + "/assignments").then().body("id", equalTo(List.of(la.getInt("id"))));
        submit(a.req(), c, la.getLong("id"), List.of(shown.get(1)), null, unique("k")).then().statusCode(201);
        a.req().get("/api/campaigns/" + c + "/progress").then().body("done", equalTo(1));
        assertEquals(0L, CampaignFixture.progressMismatches(db, c));
        // too late: the lease has ended
        try (Connection conn = db.getConnection(); PreparedStatement ps = conn.prepareStatement(
                "UPDATE assignment SET expires_at = expires_at - INTERVAL '2' HOUR WHERE id = ?")) {
            ps.setLong(1, la.getLong("id"));
            ps.executeUpdate();
        }
        a.req().post("/api/campaigns/" + c + "/judgments/undo").then().statusCode(409).body("type", equalTo("urn:relabel:undo-expired"));
    }

    @Test
    void anAnnotatorHoldsAtMostThreeLeases() {
        long c = open("{\"name\":\"hoard\",\"overlap\":1}");
        Who a = annotator(unique("hoarder"));
        for (int i = 0; i < 3; i++) lease(a.req(), c);
        a.req().post("/api/campaigns/" + c + "/assignments").then().statusCode(409).contentType(PROBLEM)
                .body("type", equalTo("urn:relabel:too-many-leases"));
        a.req().get("/api/campaigns/" + c + "/assignments").then().statusCode(200).body("$", hasSize(3));
    }

    @Test
    void progressCountsTodayAndRemainingAndShowsTheCompletionCode() throws SQLException {
        long c = open("{\"name\":\"progress\",\"overlap\":2,\"completionAfter\":2}");
        String code = as("curator").get("/api/datasets/" + f.dataset + "/campaigns/" + c).jsonPath().getString("completionCode");
        Who a = annotator(unique("worker"));
        a.req().get("/api/campaigns/" + c + "/progress").then().statusCode(200).body("doneToday", equalTo(0))
                .body("remaining", equalTo(12)).body("remainingImages", equalTo(6)).body("completionCode", nullValue());
        for (int i = 0; i < 2; i++) {
            JsonPath l = lease(a.req(), c);
            submit(a.req(), c, l.getLong("id"), List.of(l.getString("candidates[0].key")), null, unique("k")).then().statusCode(201);
        }
        // the figure read before goes down by the judgments this instance stored since (it is read again every minute)
        a.req().get("/api/campaigns/" + c + "/progress?since=2000-01-01T00:00:00Z").then().statusCode(200)
                .body("doneToday", equalTo(2)).body("done", equalTo(2)).body("remaining", equalTo(10))
                .body("completionCode", equalTo(code));
        a.req().get("/api/campaigns/" + c + "/progress?since=2999-01-01T00:00:00Z").then().body("doneToday", equalTo(0));
        a.req().get("/api/campaigns/" + c + "/progress?since=yesterday").then().statusCode(400).contentType(PROBLEM);
        a.req().get("/api/campaigns").then().statusCode(200).body("find { it.id == " + c + " }.progress.done", equalTo(2));

        // "since" inside a quarter hour counts exactly from that moment; on a quarter boundary from the counters alone
        List<OffsetDateTime> at = new ArrayList<>();
        try (Connection conn = db.getConnection(); PreparedStatement ps = conn.prepareStatement(
                "SELECT created_at FROM judgment WHERE campaign_id = ? ORDER BY created_at")) {
            ps.setLong(1, c);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) at.add(rs.getObject(1, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC));
            }
        }
        assertEquals(2, at.size());
        assertTrue(at.get(1).isAfter(at.get(0)));
        OffsetDateTime quarterOfSecond = at.get(1).truncatedTo(ChronoUnit.HOURS)
                .plusMinutes(at.get(1).getMinute() / 15 * 15L);
        Map<OffsetDateTime, Integer> expected = new LinkedHashMap<>();
        expected.put(at.get(0), 2);
        expected.put(at.get(0).plusNanos(1000), 1);
        expected.put(at.get(1), 1);
        expected.put(at.get(1).plusNanos(1000), 0);
        expected.put(quarterOfSecond, at.get(0).isBefore(quarterOfSecond) ? 1 : 2);
        expected.forEach((since, n) -> a.req().queryParam("since", since.toString()).get("/api/campaigns/" + c + "/progress")
                .then().statusCode(200).body("doneToday", equalTo(n)).body("done", equalTo(2)));
    }

    @Test
    void closedCampaignsTakeNoLeasesAndNoJudgments() {
        long c = open("{\"name\":\"closing\",\"overlap\":2}");
        JsonPath l = lease(as("annotator"), c);
        as("curator").post("/api/datasets/" + f.dataset + "/campaigns/" + c + "/close").then().statusCode(200);
        as("annotator").post("/api/campaigns/" + c + "/assignments").then().statusCode(409)
                .body("type", equalTo("urn:relabel:campaign-not-open"));
        submit(as("annotator"), c, l.getLong("id"), List.of(l.getString("candidates[0].key")), null, unique("k"))
                .then().statusCode(409).body("type", equalTo("urn:relabel:campaign-not-open"));
    }

    @Test
    void goldImagesAreMixedInAndIgnoreOverlap() throws SQLException {
        long c = as("curator").contentType("application/json")
                .body("{\"name\":\"gold mix\",\"overlap\":1,\"goldRate\":0.5,\"selection\":{\"keyPrefix\":\"c1/\"}}")
                .post("/api/datasets/" + f.dataset + "/campaigns").then().statusCode(201).extract().jsonPath().getLong("id");
        as("curator").contentType("text/csv").body("image,labels,main\n" + f.image(0) + ",c0 c3,c3\n")
                .put("/api/datasets/" + f.dataset + "/campaigns/" + c + "/gold").then().statusCode(200);
        as("curator").post("/api/datasets/" + f.dataset + "/campaigns/" + c + "/open").then().statusCode(200)
                .body("images", equalTo(1)).body("goldImages", equalTo(1));
        long gold = f.imageIds.get(f.image(0));
        int goldLeases = 0;
        for (int i = 0; i < 20; i++) {
            Response r = annotator(unique("g")).req().post("/api/campaigns/" + c + "/assignments");
            if (r.statusCode() == 201 && imageOf(r.jsonPath().getLong("id")) == gold) {
                goldLeases++;
                assertEquals(Set.of("c0", "c3"), new HashSet<>(r.jsonPath().getList("candidates.key", String.class)));
            }
        }
        assertTrue(goldLeases >= 2, "gold image leased " + goldLeases + " times at rate 0.5 over 20 annotators");
    }

    @Test
    void simulatedAnnotatorsUseTheSamePathWithoutAnAccount() throws SQLException {
        long c = open("{\"name\":\"simulated\",\"overlap\":2}");
        Annotator sim = Annotator.simulated("sim-reliable-01");
        AssignmentView a = assignments.lease(c, sim).orElseThrow();
        JudgmentService.Submitted s = judgments.submit(new JudgmentService.Submission(c, a.id(), sim,
                List.of(a.candidates().get(0).key()), null, false, false, 2500, "sim-" + UUID.randomUUID()));
        Object[] j = row("SELECT source, account_id, annotator, millis FROM judgment WHERE id = ?", s.judgment());
        assertEquals("SIMULATED", j[0]);
        assertNull(j[1]);
        assertEquals("sim-reliable-01", j[2]);
        assertEquals(2500, ((Number) j[3]).intValue());
    }

    @Test
    void onlyAnnotatorsAndAdminsAnnotate() {
        long c = open("{\"name\":\"roles\",\"overlap\":2}");
        as("curator").post("/api/campaigns/" + c + "/assignments").then().statusCode(403);
        as("researcher").get("/api/campaigns").then().statusCode(403);
        given().post("/api/campaigns/" + c + "/assignments").then().statusCode(401);
        as("admin").post("/api/campaigns/" + c + "/assignments").then().statusCode(201);
    }

    @Test
    void annotatorsLandOnTheirCampaignsAndTheLabellingPage() {
        long c = open("{\"name\":\"Landing <i>page</i>\",\"overlap\":2,\"instructions\":\"Tick **all** objects\"}");
        as("annotator").accept("text/html").redirects().follow(false).get("/").then().statusCode(303)
                .header("Location", containsString("/annotate"));
        as("curator").accept("text/html").redirects().follow(false).get("/").then().statusCode(200);
        as("annotator").accept("text/html").get("/annotate").then().statusCode(200)
                .body(containsString("Landing &lt;i&gt;page&lt;/i&gt;")).body(containsString("/annotate/" + c));
        as("annotator").accept("text/html").get("/annotate/" + c).then().statusCode(200)
                .body(containsString("data-campaign=\"" + c + "\"")).body(containsString("/js/annotate.js"))
                .body(containsString("<strong>all</strong>")).body(not(containsString("<script>")))
                .body(not(containsString(f.dataset)));
        as("researcher").accept("text/html").get("/annotate/" + c).then().statusCode(403);
    }
}
