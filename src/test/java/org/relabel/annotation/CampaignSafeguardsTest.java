package org.relabel.annotation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.relabel.testing.TestUsers.as;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relabel.account.Account;
import org.relabel.account.AccountService;
import org.relabel.account.Roles;
import org.relabel.testing.TestUsers;

/**
 * The campaign's links to curation and anti-spam: a curator's "ask for more judgments" re-queues the image,
 * a paused annotator gets no images and their judgments leave consensus, and failing gold images or answering
 * much faster than the crowd pauses an annotator automatically.
 */
@QuarkusTest
class CampaignSafeguardsTest {
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

    long create(String settings) {
        return create(f, settings);
    }

    static long create(CampaignFixture on, String settings) {
        return as("curator").contentType("application/json").body(settings).post("/api/datasets/" + on.dataset + "/campaigns")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    void open(long c) {
        open(f, c);
    }

    static void open(CampaignFixture on, long c) {
        as("curator").post("/api/datasets/" + on.dataset + "/campaigns/" + c + "/open").then().statusCode(200);
    }

    RequestSpecification annotator(String name) {
        boolean exists = QuarkusTransaction.requiringNew().call(() -> Account.byUsername(name).isPresent());
        if (!exists) accounts.create(name, TestUsers.PASSWORD, List.of(Roles.ANNOTATOR), name);
        return given().auth().preemptive().basic(name, TestUsers.PASSWORD);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    JsonPath lease(String who, long c) {
        return annotator(who).contentType("application/json").post("/api/campaigns/" + c + "/assignments")
                .then().statusCode(201).extract().jsonPath();
    }

    void answer(String who, long c, JsonPath lease, List<String> selected, boolean none) {
        answer(who, c, lease, selected, none, 2500);
    }

    void answer(String who, long c, JsonPath lease, List<String> selected, boolean none, int millis) {
        Map<String, Object> body = new HashMap<>();
        body.put("assignment", lease.getLong("id"));
        body.put("selected", selected);
        body.put("noneApply", none);
        body.put("millis", millis);
        body.put("idempotencyKey", UUID.randomUUID().toString());
        annotator(who).contentType("application/json").body(body).post("/api/campaigns/" + c + "/judgments")
                .then().statusCode(201);
    }

    long count(String sql, Object... params) throws SQLException {
        return CampaignFixture.scalar(db, sql, params);
    }

    @Test
    void askingForMoreJudgmentsPutsTheImageBackInTheQueueForOthers() {
        long c = create("{\"name\":\"requeue\",\"overlap\":1,\"selection\":{\"keyPrefix\":\"c1/\"}}");
        open(c);
        String image = f.image(1);
        String first = unique("first");
        for (int i = 0; i < 2; i++) { // the two images c1/img-001 and c1/img-007
            JsonPath l = lease(first, c);
            answer(first, c, l, List.of(l.getString("candidates[0].key")), false);
        }
        String second = unique("second");
        annotator(second).contentType("application/json").post("/api/campaigns/" + c + "/assignments").then().statusCode(204);
        as("curator").get(base() + "/" + c).then().statusCode(200).body("stats.wanted", equalTo(2))
                .body("stats.completeImages", equalTo(2));

        as("curator").contentType("application/json").body("{\"decision\":\"MORE_JUDGMENTS_REQUESTED\",\"reason\":\"unsure\"}")
                .post("/api/datasets/" + f.dataset + "/images/" + image + "/review").then().statusCode(201);

        JsonPath again = lease(second, c);
        assertEquals(f.imageIds.get(image), imageOf(again.getLong("id")));
        // the first annotator judged it already and never gets it twice
        annotator(first).contentType("application/json").post("/api/campaigns/" + c + "/assignments").then().statusCode(204);
        as("curator").get(base() + "/" + c).then().statusCode(200).body("stats.wanted", equalTo(2 + 3))
                .body("stats.completeImages", equalTo(1));
    }

    long imageOf(long assignment) {
        try {
            return count("SELECT image_id FROM assignment WHERE id = ?", assignment);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aPausedAnnotatorGetsNoImagesUntilReinstated() throws SQLException {
        long c = create("{\"name\":\"pause\",\"overlap\":3}");
        open(c);
        String who = unique("paused");
        JsonPath held = lease(who, c);
        as("curator").contentType("application/json").body("{\"annotator\":\"" + who + "\",\"campaign\":" + c + "}")
                .post("/api/annotators/pauses").then().statusCode(201);
        annotator(who).contentType("application/json").post("/api/campaigns/" + c + "/assignments").then().statusCode(403)
                .body("type", equalTo("urn:relabel:annotator-paused"));
        // an answer to an image leased before the pause is kept, but out of consensus
        answer(who, c, held, List.of(held.getString("candidates[0].key")), false);
        assertEquals(1, count("SELECT COUNT(*) FROM judgment WHERE annotator = ? AND excluded = TRUE", who));
        as("curator").contentType("application/json").body("{\"annotator\":\"" + who + "\",\"campaign\":" + c + "}")
                .post("/api/annotators/reinstate").then().statusCode(200);
        lease(who, c);
        assertEquals(0, count("SELECT COUNT(*) FROM judgment WHERE annotator = ? AND excluded = TRUE", who));
    }

    @Test
    void failingGoldImagesPausesAnAnnotatorAutomaticallyAndExcludesTheirJudgments() throws SQLException {
        long c = create("{\"name\":\"gold check\",\"overlap\":3,\"goldRate\":0.5}");
        StringBuilder gold = new StringBuilder("image,labels,main\n");
        for (int i = 0; i < 10; i++) gold.append(f.image(i)).append(',').append(f.originalOf.get(f.image(i))).append(",\n");
        as("curator").contentType("text/csv").body(gold.toString()).put(base() + "/" + c + "/gold").then().statusCode(200);
        open(c);
        String careful = unique("careful");
        String spammer = unique("spammer");
        assertEquals(12, work(careful, c, false), "the careful annotator sees every image and is never paused");
        int answered = work(spammer, c, true);
        assertTrue(answered >= 10, "paused after the tenth gold answer, having answered " + answered);
        annotator(spammer).contentType("application/json").post("/api/campaigns/" + c + "/assignments").then().statusCode(403)
                .body("type", equalTo("urn:relabel:annotator-paused"));
        assertEquals(answered, count("SELECT COUNT(*) FROM judgment WHERE annotator = ? AND excluded = TRUE", spammer));
        assertEquals(0, count("SELECT COUNT(*) FROM judgment WHERE annotator = ? AND excluded = TRUE", careful));
        as("curator").get("/api/annotators/pauses").then().statusCode(200)
                .body("find { it.annotator == '" + spammer + "' }.reason", equalTo("gold-accuracy"))
                .body("find { it.annotator == '" + spammer + "' }.origin", equalTo("auto"))
                .body("find { it.annotator == '" + spammer + "' }.goldN", equalTo(10));
    }

    @Test
    void anAnnotatorMuchFasterThanTheCrowdIsPausedByTheSpeedRule() throws SQLException {
        CampaignFixture big = CampaignFixture.create(db, 30, 6);
        long c = create(big, "{\"name\":\"speed\",\"overlap\":3}");
        open(big, c);
        String careful = unique("steady");
        String fast = unique("fast");
        for (int i = 0; i < 25; i++) {
            JsonPath l = lease(careful, c);
            answer(careful, c, l, List.of(l.getString("candidates[0].key")), false, 6000);
        }
        int answered = 0;
        for (; answered < 30; answered++) {
            var r = annotator(fast).contentType("application/json").post("/api/campaigns/" + c + "/assignments");
            if (r.statusCode() == 403) break;
            JsonPath l = r.then().statusCode(201).extract().jsonPath();
            answer(fast, c, l, List.of(l.getString("candidates[0].key")), false, 400);
        }
        // the rule waits for 20 judgments and is checked after every fifth: paused right after the twentieth
        assertEquals(20, answered, "answers given before the pause");
        as("curator").get("/api/annotators/pauses").then().statusCode(200)
                .body("find { it.annotator == '" + fast + "' }.reason", equalTo("too-fast"))
                .body("find { it.annotator == '" + careful + "' }", org.hamcrest.Matchers.nullValue());
        assertEquals(20, count("SELECT COUNT(*) FROM judgment WHERE annotator = ? AND excluded = TRUE", fast));
    }

    /**
     * Asks for images and answers them (the original label, or "none of these" for a spammer) until paused, or
     * every image is seen; gold images come at random, so an empty answer (204) is asked again.
     */
    int work(String who, long c, boolean spam) throws SQLException {
        int answered = 0;
        for (int call = 0; call < 300 && answered < 12; call++) {
            var r = annotator(who).contentType("application/json").post("/api/campaigns/" + c + "/assignments");
            if (r.statusCode() == 403) break;
            if (r.statusCode() == 204) continue;
            JsonPath l = r.then().statusCode(201).extract().jsonPath();
            if (spam) answer(who, c, l, List.of(), true);
            else answer(who, c, l, List.of(f.originalOf.get(keyOf(l.getLong("id")))), false);
            answered++;
        }
        return answered;
    }

    String keyOf(long assignment) throws SQLException {
        long image = imageOf(assignment);
        return f.imageIds.entrySet().stream().filter(e -> e.getValue() == image).findFirst().orElseThrow().getKey();
    }
}
