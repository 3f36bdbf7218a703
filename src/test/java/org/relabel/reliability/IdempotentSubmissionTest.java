package org.relabel.reliability;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relabel.account.Account;
import org.relabel.account.AccountService;
import org.relabel.account.Roles;
import org.relabel.annotation.AssignmentService;
import org.relabel.annotation.CampaignFixture;
import org.relabel.testing.TestUsers;

/**
 * Retries are safe under concurrency (issue #10): the same submission sent many times at once (a
 * page and its outbox, a script retrying on a timeout, a proxy replaying) is stored once, and every
 * reply names that one judgment; different answers raced for one assignment store one; a retry
 * that arrives after the lease ended still finds the judgment stored earlier.
 */
@QuarkusTest
class IdempotentSubmissionTest {
    static final int RACERS = 12;

    @Inject
    AccountService accounts;
    @Inject
    AgroalDataSource db;
    @Inject
    AssignmentService assignments;

    CampaignFixture f;
    long campaign;
    String annotator;
    ExecutorService pool;

    @BeforeEach
    void setUp() {
        TestUsers.ensure(accounts);
        f = CampaignFixture.create(db, 8, 6);
        campaign = f.openCampaign("{\"name\":\"idempotency\",\"models\":[\"m1\",\"m2\"],\"topK\":3,\"overlap\":2,"
                + "\"leaseSeconds\":600}");
        annotator = "idem-" + UUID.randomUUID().toString().substring(0, 8);
        boolean exists = QuarkusTransaction.requiringNew().call(() -> Account.byUsername(annotator).isPresent());
        if (!exists) accounts.create(annotator, TestUsers.PASSWORD, List.of(Roles.ANNOTATOR), annotator);
        pool = Executors.newFixedThreadPool(RACERS);
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    io.restassured.specification.RequestSpecification me() {
        return given().auth().preemptive().basic(annotator, TestUsers.PASSWORD);
    }

    /** Leases an image: {assignment id, first candidate key}. */
    Object[] lease() {
        var json = me().post("/api/campaigns/" + campaign + "/assignments").then().statusCode(201).extract().jsonPath();
        return new Object[]{json.getLong("id"), json.getString("candidates[0].key")};
    }

    Map<String, Object> body(long assignment, String label, String key) {
        Map<String, Object> body = new HashMap<>();
        body.put("assignment", assignment);
        body.put("selected", List.of(label));
        body.put("main", label);
        body.put("millis", 2500);
        body.put("idempotencyKey", key);
        return body;
    }

    /** Sends the bodies all at once (a barrier releases the threads together). */
    List<Response> race(List<Map<String, Object>> bodies) throws Exception {
        CyclicBarrier start = new CyclicBarrier(bodies.size());
        List<Future<Response>> futures = new ArrayList<>();
        for (Map<String, Object> b : bodies) {
            futures.add(pool.submit(() -> {
                var spec = me().contentType("application/json").body(b);
                start.await();
                return spec.post("/api/campaigns/" + campaign + "/judgments");
            }));
        }
        List<Response> out = new ArrayList<>();
        for (Future<Response> fu : futures) out.add(fu.get());
        return out;
    }

    @Test
    void theSameSubmissionSentManyTimesAtOnceIsStoredOnceAndEveryReplyNamesIt() throws Exception {
        for (int round = 0; round < 3; round++) {
            Object[] a = lease();
            long assignment = (Long) a[0];
            String key = UUID.randomUUID().toString();
            List<Map<String, Object>> same = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) same.add(body(assignment, (String) a[1], key));
            List<Response> replies = race(same);

            Map<Integer, Integer> statuses = new HashMap<>();
            Set<Long> judgments = new HashSet<>();
            for (Response r : replies) {
                statuses.merge(r.statusCode(), 1, Integer::sum);
                if (r.statusCode() < 300) judgments.add(r.jsonPath().getLong("judgment"));
            }
            assertEquals(Map.of(201, 1, 200, RACERS - 1), statuses, "one creation, the rest replays: " + statuses);
            assertEquals(1, judgments.size(), "every reply names the same judgment: " + judgments);
            assertEquals(1L, scalar("SELECT COUNT(*) FROM judgment WHERE annotator = ? AND idempotency_key = ?", annotator, key));
            assertEquals(judgments.iterator().next(), scalar("SELECT judgment_id FROM assignment WHERE id = ?", assignment));
            assertEquals(1L, scalar("SELECT ci.judgments_done FROM campaign_image ci JOIN assignment a ON a.campaign_id = ci.campaign_id "
                    + "AND a.image_id = ci.image_id WHERE a.id = ?", assignment), "the image counts one judgment");
            assertEquals(0L, scalar("SELECT ci.leased FROM campaign_image ci JOIN assignment a ON a.campaign_id = ci.campaign_id "
                    + "AND a.image_id = ci.image_id WHERE a.id = ?", assignment), "the lease was given back once");
        }
    }

    @Test
    void differentAnswersRacedForOneAssignmentStoreExactlyOne() throws Exception {
        Object[] a = lease();
        long assignment = (Long) a[0];
        List<Map<String, Object>> different = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) different.add(body(assignment, (String) a[1], UUID.randomUUID().toString()));
        List<Response> replies = race(different);

        Map<Integer, Integer> statuses = new HashMap<>();
        for (Response r : replies) {
            statuses.merge(r.statusCode(), 1, Integer::sum);
            if (r.statusCode() == 409) assertEquals("urn:relabel:already-submitted", r.jsonPath().getString("type"));
        }
        assertEquals(Map.of(201, 1, 409, RACERS - 1), statuses);
        assertEquals(1L, scalar("SELECT COUNT(*) FROM judgment WHERE campaign_id = ? AND annotator = ?", campaign, annotator));
    }

    @Test
    void aRetryArrivingAfterTheLeaseEndedStillFindsTheJudgment() throws Exception {
        Object[] a = lease();
        long assignment = (Long) a[0];
        String key = UUID.randomUUID().toString();
        long judgment = me().contentType("application/json").body(body(assignment, (String) a[1], key))
                .post("/api/campaigns/" + campaign + "/judgments").then().statusCode(201).extract().jsonPath().getLong("judgment");
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE assignment SET expires_at = expires_at - INTERVAL '1' DAY WHERE id = ?")) {
            ps.setLong(1, assignment);
            ps.executeUpdate();
        }
        assignments.reap();
        // the page's outbox resends after a long time offline: same key, same body
        long again = me().contentType("application/json").body(body(assignment, (String) a[1], key))
                .post("/api/campaigns/" + campaign + "/judgments").then().statusCode(200).extract().jsonPath().getLong("judgment");
        assertEquals(judgment, again);
        assertEquals(1L, scalar("SELECT COUNT(*) FROM judgment WHERE annotator = ? AND idempotency_key = ?", annotator, key));
        assertTrue(judgment > 0);
    }

    long scalar(String sql, Object... params) throws SQLException {
        return CampaignFixture.scalar(db, sql, params);
    }
}
