package org.relabel.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.relabel.reliability.Api.expect;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue #10, several instances on one PostgreSQL: two packaged applications, started at the same
 * moment on one embedded PostgreSQL and one shared data directory (as two replicas behind a load
 * balancer would be), and then
 * <ol>
 *   <li>a session started on one instance works on the other (form login and crowd invite links), and an
 *       account disabled on one instance loses its session on the other at once;</li>
 *   <li>annotators whose requests land on either instance at random never push an image beyond
 *       its overlap, never get an image twice, and complete the campaign exactly;</li>
 *   <li>aggregation jobs queued on either instance each run exactly once, on one instance;</li>
 *   <li>a database outage: readiness turns DOWN and requests get 503 problem+json; when the database
 *       is back, both instances are ready and serve again without a restart.</li>
 * </ol>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiInstanceIT {
    static final int IMAGES = 40;
    static final int OVERLAP = 3;
    static final int ANNOTATORS = 10;

    Pg pg;
    AppProcess a;
    AppProcess b;
    Api admin;
    CrowdSetup setup;

    @BeforeAll
    void start() throws Exception {
        Path dir = ItFiles.fresh("multi-instance");
        pg = new Pg(dir.resolve("pg")).start();
        Path shared = dir.resolve("data");
        a = AppProcess.postgres("a", shared, pg.jdbcUrl(), "postgres", "postgres");
        b = AppProcess.postgres("b", shared, pg.jdbcUrl(), "postgres", "postgres");
        a.launch();
        b.launch(); // at the same moment: Flyway, the first admin and the key files must cope
        a.awaitReady(Duration.ofSeconds(150));
        b.awaitReady(Duration.ofSeconds(150));
        admin = Api.basic(a.base(), "admin", AppProcess.ADMIN_PASSWORD);
        setup = CrowdSetup.create(admin, "multi", IMAGES, OVERLAP, ANNOTATORS, 600);
    }

    @AfterAll
    void stop() {
        if (a != null) a.stop();
        if (b != null) b.stop();
        if (pg != null) pg.close();
    }

    @Test
    @Order(1)
    void aSessionStartedOnOneInstanceWorksOnTheOther() throws Exception {
        Api onA = Api.login(a.base(), setup.annotators.get(0), CrowdSetup.ANNOTATOR_PASSWORD);
        expect(200, onA.get("/api/campaigns/" + setup.campaign));
        Api onB = onA.at(b.base());
        expect(200, onB.get("/api/campaigns/" + setup.campaign));
        expect(200, onB.get("/api/campaigns/" + setup.campaign + "/progress"));

        // an invite link made on A, opened on B; the crowd session works on A
        String url = expect(200, admin.postJson("/api/datasets/" + setup.dataset + "/campaigns/" + setup.campaign + "/invites",
                Map.of("worker", "W-" + UUID.randomUUID().toString().substring(0, 8)))).json().get("url").asText();
        URI link = URI.create(url);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> joined = http.send(HttpRequest.newBuilder(b.base().resolve(link.getRawPath() + "?" + link.getRawQuery()))
                .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, joined.statusCode(), joined.body());
        String crowdCookie = joined.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("relabel-crowd="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow();
        HttpResponse<String> onAWithCrowd = http.send(HttpRequest.newBuilder(a.base().resolve("/api/campaigns/" + setup.campaign))
                .header("Accept", "application/json").header("Cookie", crowdCookie).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, onAWithCrowd.statusCode(), onAWithCrowd.body());
    }

    @Test
    @Order(1)
    void anAccountDisabledOnOneInstanceLosesItsSessionOnTheOtherAtOnce() throws Exception {
        String name = "held-" + UUID.randomUUID().toString().substring(0, 8);
        expect(201, admin.postJson("/api/users", Map.of("username", name, "password", CrowdSetup.ANNOTATOR_PASSWORD,
                "roles", List.of("annotator"))));
        Api onB = Api.login(b.base(), name, CrowdSetup.ANNOTATOR_PASSWORD);
        expect(200, onB.get("/api/campaigns")); // B now holds the account (relabel.security.account-max-age: 60 s)
        expect(200, admin.putJson("/api/users/" + name, Map.of("enabled", false))); // on A
        // B hears of it by PostgreSQL NOTIFY; without that it would answer from the account it holds for a minute
        long t0 = System.nanoTime();
        // refused: form login sends the caller to sign in again
        waitFor(() -> onB.get("/api/campaigns"), r -> r.status() == 302, Duration.ofSeconds(5));
        System.out.printf("instance B refused the disabled account %.0f ms after A's change was acknowledged%n",
                (System.nanoTime() - t0) / 1e6);
        expect(200, admin.putJson("/api/users/" + name, Map.of("enabled", true)));
        waitFor(() -> onB.get("/api/campaigns"), r -> r.status() == 200, Duration.ofSeconds(5));
    }

    @Test
    @Order(2)
    void annotatorsSpreadOverBothInstancesNeverExceedOverlapNorGetAnImageTwice() throws Exception {
        Map<String, Api> clients = new LinkedHashMap<>();
        for (int i = 0; i < setup.annotators.size(); i++) {
            AppProcess home = i % 2 == 0 ? a : b;
            clients.put(setup.annotators.get(i), Api.login(home.base(), setup.annotators.get(i), CrowdSetup.ANNOTATOR_PASSWORD));
        }
        AtomicInteger onA = new AtomicInteger(), onB = new AtomicInteger();
        Crowd.Ledger ledger = new Crowd.Ledger();
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean monitoring = new AtomicBoolean(true);
        Thread monitor = new Thread(() -> {
            while (monitoring.get()) {
                violations.addAll(invariants(false));
                AppProcess.sleep(20);
            }
        });
        monitor.start();
        // every request goes to either instance at random, with the annotator's one session cookie
        Crowd crowd = new Crowd(setup.campaign, ledger).start(clients, 2, client -> {
            boolean toA = ThreadLocalRandom.current().nextBoolean();
            (toA ? onA : onB).incrementAndGet();
            return client.at(toA ? a.base() : b.base());
        }, true);
        crowd.join();
        // whoever stopped early: finish the campaign annotator by annotator, on alternating instances
        for (int round = 0; round < 3; round++) {
            URI to = (round % 2 == 0 ? b : a).base();
            new Crowd(setup.campaign, ledger).start(clients, 1, client -> client.at(to), true).join();
        }
        monitoring.set(false);
        monitor.join();

        System.out.printf("multi-instance: %d judgments acknowledged, requests to A %d, to B %d%n",
                ledger.acknowledged.size(), onA.get(), onB.get());
        assertTrue(onA.get() > 20 && onB.get() > 20, "both instances served the crowd: " + onA + " / " + onB);
        assertEquals(List.of(), violations.subList(0, Math.min(10, violations.size())), "invariants broken under load");
        assertEquals(List.of(), ledger.unexpected.subList(0, Math.min(5, ledger.unexpected.size())));
        assertEquals(Map.of(), ledger.refused);
        assertEquals(Map.of(), ledger.inDoubt);
        assertEquals(List.of(), invariants(true));
        try (Connection c = pg.connect()) {
            assertEquals((long) IMAGES * OVERLAP, DurabilityIT.count(c, "SELECT COUNT(*) FROM judgment WHERE campaign_id = ?", setup.campaign));
            assertEquals(0L, DurabilityIT.count(c, "SELECT COUNT(*) FROM (SELECT annotator, image_id FROM assignment WHERE campaign_id = ? "
                    + "GROUP BY annotator, image_id HAVING COUNT(*) > 1) d", setup.campaign), "an annotator was given an image twice");
            assertEquals(0L, DurabilityIT.count(c, "SELECT COUNT(*) FROM (SELECT annotator, image_id FROM judgment WHERE campaign_id = ? "
                    + "GROUP BY annotator, image_id HAVING COUNT(*) > 1) d", setup.campaign), "an annotator judged an image twice");
        }
        assertEquals((long) IMAGES * OVERLAP, ledger.acknowledged.size());
    }

    /** Per image: leases held plus judgments never above the overlap; counters equal to the rows; exactly overlap at the end. */
    List<String> invariants(boolean complete) {
        List<String> out = new ArrayList<>();
        try (Connection c = pg.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT ci.image_id, ci.judgments_done, ci.leased, "
                        + "(SELECT COUNT(*) FROM assignment x WHERE x.campaign_id = ci.campaign_id AND x.image_id = ci.image_id AND x.state = 'LEASED'), "
                        + "(SELECT COUNT(*) FROM judgment j WHERE j.campaign_id = ci.campaign_id AND j.image_id = ci.image_id) "
                        + "FROM campaign_image ci WHERE ci.campaign_id = ?")) {
            ps.setLong(1, setup.campaign);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long image = rs.getLong(1);
                    int done = rs.getInt(2), leased = rs.getInt(3), leases = rs.getInt(4), judged = rs.getInt(5);
                    if (leases + judged > OVERLAP) out.add(image + ": " + leases + " leases + " + judged + " judgments");
                    if (complete && done != judged) out.add(image + ": counter " + done + " but " + judged + " judgments");
                    if (complete && leased != leases) out.add(image + ": counter " + leased + " but " + leases + " leases");
                    if (complete && judged != OVERLAP) out.add(image + ": " + judged + " judgments at the end");
                }
            }
        } catch (SQLException e) {
            out.add("query failed: " + e.getMessage());
        }
        return out;
    }

    @Test
    @Order(3)
    void aggregationJobsQueuedOnEitherInstanceRunExactlyOnce() throws Exception {
        int jobs = 12;
        long before;
        try (Connection c = pg.connect()) {
            before = runs(c);
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            Api on = admin.at((i % 2 == 0 ? a : b).base());
            JsonNode job = expect(202, on.postJson("/api/datasets/" + setup.dataset + "/consensus",
                    Map.of("method", i % 3 == 0 ? "dawid-skene" : "majority"))).json();
            ids.add(job.get("id").asText());
        }
        Map<String, String> states = new HashMap<>();
        long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < until) {
            states.clear();
            for (String id : ids) states.put(id, expect(200, admin.get("/api/jobs/" + id)).json().get("state").asText());
            if (states.values().stream().allMatch(s -> !s.equals("QUEUED") && !s.equals("RUNNING"))) break;
            Thread.sleep(200);
        }
        assertTrue(states.values().stream().allMatch("SUCCEEDED"::equals), "job states: " + states);
        Map<String, Integer> byInstance = new HashMap<>();
        try (Connection c = pg.connect()) {
            assertEquals(jobs, runs(c) - before, "each queued aggregation ran exactly once (one consensus_run row per run)");
            try (PreparedStatement ps = c.prepareStatement("SELECT claimed_by FROM job WHERE id = ?")) {
                for (String id : ids) {
                    ps.setString(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        String claimer = rs.getString(1);
                        assertTrue(claimer != null, "job " + id + " has no claimer");
                        byInstance.merge(claimer, 1, Integer::sum);
                    }
                }
            }
        }
        System.out.println("aggregation jobs per instance: " + byInstance.values());
        assertTrue(byInstance.size() <= 2);
    }

    static long runs(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM consensus_run r JOIN dataset d ON d.id = r.dataset_id "
                + "WHERE d.dataset_key = 'multi'"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    @Order(4)
    void aDatabaseOutageIsReported503AndBothInstancesRecoverWithoutARestart() throws Exception {
        // a second campaign with room, so that a lease can be tried during and after the outage
        long second = expect(201, admin.postJson("/api/datasets/" + setup.dataset + "/campaigns", Map.of(
                "name", "After the outage", "models", List.of("m1"), "topK", 3, "overlap", 1))).json().get("id").asLong();
        expect(200, admin.post("/api/datasets/" + setup.dataset + "/campaigns/" + second + "/open"));
        Api annotator = Api.login(a.base(), setup.annotators.get(1), CrowdSetup.ANNOTATOR_PASSWORD);

        pg.stop();
        for (AppProcess app : List.of(a, b)) {
            Api.Response ready = waitFor(() -> Api.anonymous(app.base()).get("/q/health/ready"), r -> r.status() == 503,
                    Duration.ofSeconds(30));
            assertTrue(ready.body().contains("DOWN"), ready.body());
        }
        Api.Response lease = annotator.post("/api/campaigns/" + second + "/assignments");
        assertEquals(503, lease.status(), lease.body());
        assertEquals(Optional.of("application/problem+json"), lease.contentType());
        assertEquals("urn:relabel:database-unavailable", lease.json().get("type").asText());
        Api.Response list = admin.at(b.base()).get("/api/datasets");
        assertEquals(503, list.status(), list.body());
        assertEquals("urn:relabel:database-unavailable", list.json().get("type").asText());

        pg.start();
        for (AppProcess app : List.of(a, b)) {
            waitFor(() -> Api.anonymous(app.base()).get("/q/health/ready"), r -> r.status() == 200, Duration.ofSeconds(60));
        }
        Api.Response leased = waitFor(() -> annotator.post("/api/campaigns/" + second + "/assignments"),
                r -> r.status() != 503, Duration.ofSeconds(30));
        assertEquals(201, leased.status(), leased.body());
        expect(200, admin.at(b.base()).get("/api/datasets"));
        assertTrue(a.alive() && b.alive());
    }

    static Api.Response waitFor(java.util.function.Supplier<Api.Response> call, java.util.function.Predicate<Api.Response> done,
                                Duration timeout) {
        long until = System.nanoTime() + timeout.toNanos();
        Api.Response last = null;
        while (System.nanoTime() < until) {
            try {
                last = call.get();
                if (done.test(last)) return last;
            } catch (RuntimeException e) {
                // connection trouble: try again
            }
            AppProcess.sleep(250);
        }
        throw new AssertionError("not reached within " + timeout + "; last answer: "
                + (last == null ? "none" : last.status() + " " + last.body()));
    }
}
