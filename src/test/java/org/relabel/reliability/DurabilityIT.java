package org.relabel.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.relabel.annotation.CampaignFixture;

/**
 * Issue #10, durability: a judgment acknowledged with 2xx survives a {@code kill -9} of the server
 * at any moment. The packaged application runs as a child process; simulated annotators submit
 * judgments as fast as it takes them and record every acknowledgment; the process is killed
 * (SIGKILL) in the middle of that load and started again on the same data. Then
 * <ul>
 *   <li>every submission whose outcome was unknown (the connection broke) is sent again with its
 *       idempotency key and the annotator's old session cookie: it is stored once (201) or found
 *       stored already (200) — the session survived the restart;</li>
 *   <li>every acknowledged submission is sent again: the server answers 200 with the judgment id it
 *       acknowledged first, so it was kept and is not stored twice;</li>
 *   <li>in the database: exactly the acknowledged and the resolved keys are stored, each once, each
 *       with its answers, no annotator judged an image twice, and the queue counters match the rows.</li>
 * </ul>
 * On the embedded H2 (the default URL with {@code WRITE_DELAY=0}: a commit writes to the file before
 * it returns) and on PostgreSQL.
 */
class DurabilityIT {
    static final int ANNOTATORS = 10;
    static final int THREADS_PER_ANNOTATOR = 2;
    static final int IMAGES = 160;
    /** Acknowledged judgments before the kill (then up to one more second of load). */
    static final int KILL_AFTER = 100;

    @Test
    void acknowledgedJudgmentsSurviveKill9OnEmbeddedH2() throws Exception {
        Path dir = ItFiles.fresh("durability-h2");
        AppProcess app = AppProcess.h2("h2", dir);
        try {
            Outcome outcome = killDuringLoad(app);
            app.stop(); // the embedded database is the application's: read it after a clean stop
            try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("db").resolve("relabel")
                    + ";MODE=PostgreSQL", "relabel", "relabel")) {
                verifyStored(c, outcome);
            }
        } finally {
            app.stop();
        }
    }

    @Test
    void acknowledgedJudgmentsSurviveKill9OnPostgres() throws Exception {
        Path dir = ItFiles.fresh("durability-pg");
        try (Pg pg = new Pg(dir.resolve("pg")).start()) {
            AppProcess app = AppProcess.postgres("pg", dir.resolve("data"), pg.jdbcUrl(), "postgres", "postgres");
            try {
                Outcome outcome = killDuringLoad(app);
                try (Connection c = pg.connect()) {
                    verifyStored(c, outcome);
                }
            } finally {
                app.stop();
            }
        }
    }

    /** What the clients know after the restart: acknowledged keys and how each key in doubt was resolved. */
    record Outcome(long campaign, Map<String, Long> acknowledged, Map<String, Long> resolved, int inDoubt) {
    }

    Outcome killDuringLoad(AppProcess app) throws Exception {
        app.start();
        Api admin = Api.basic(app.base(), "admin", AppProcess.ADMIN_PASSWORD);
        CrowdSetup setup = CrowdSetup.create(admin, "durable", IMAGES, ANNOTATORS, ANNOTATORS, 600);
        Map<String, Api> clients = new LinkedHashMap<>();
        for (String a : setup.annotators) clients.put(a, Api.login(app.base(), a, CrowdSetup.ANNOTATOR_PASSWORD));

        Crowd.Ledger ledger = new Crowd.Ledger();
        Crowd crowd = new Crowd(setup.campaign, ledger).start(clients, THREADS_PER_ANNOTATOR, null, false);
        long t0 = System.nanoTime();
        long until = t0 + Duration.ofSeconds(90).toNanos();
        while (ledger.acknowledged.size() < KILL_AFTER && System.nanoTime() < until && app.alive()) Thread.sleep(20);
        Thread.sleep(ThreadLocalRandom.current().nextInt(1000)); // "at any moment"
        int ackedBeforeKill = ledger.acknowledged.size();
        app.kill();
        double seconds = (System.nanoTime() - t0) / 1e9;
        crowd.stop();
        System.out.printf("%s: %d judgments acknowledged in %.1f s, then SIGKILL; %d submissions in doubt, %d refused%n",
                app.log().getFileName(), ledger.acknowledged.size(), seconds, ledger.inDoubt.size(), ledger.refused.size());
        assertTrue(ackedBeforeKill >= KILL_AFTER, "the load reached " + ackedBeforeKill + " acknowledged judgments; log:\n" + app.tail(40));
        assertEquals(List.of(), ledger.unexpected.subList(0, Math.min(5, ledger.unexpected.size())), "unexpected answers under load");
        assertEquals(Map.of(), ledger.refused, "submissions refused under load");

        app.start();
        // submissions in doubt: sent again with the same key and the session cookie from before the restart
        Map<String, Long> resolved = new ConcurrentHashMap<>();
        for (Crowd.Sent s : ledger.inDoubt.values()) {
            Api.Response r = Crowd.resubmit(clients.get(s.annotator()), setup.campaign, s);
            assertTrue(r.status() == 200 || r.status() == 201, "resubmitting " + s.key() + " answered " + r.status() + " " + r.body());
            resolved.put(s.key(), r.json().get("judgment").asLong());
        }
        // acknowledged submissions: each is found (200) under the judgment id acknowledged first
        List<String> lost = replayAll(clients, setup.campaign, ledger);
        assertEquals(List.of(), lost.subList(0, Math.min(10, lost.size())), lost.size() + " acknowledged judgments not found after the restart");
        return new Outcome(setup.campaign, Map.copyOf(ledger.acknowledged), Map.copyOf(resolved), ledger.inDoubt.size());
    }

    static List<String> replayAll(Map<String, Api> clients, long campaign, Crowd.Ledger ledger) throws Exception {
        List<String> lost = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (Map.Entry<String, Long> e : ledger.acknowledged.entrySet()) {
            Crowd.Sent s = ledger.sent.get(e.getKey());
            futures.add(pool.submit(() -> {
                Api.Response r = Crowd.resubmit(clients.get(s.annotator()), campaign, s);
                if (r.status() != 200 || r.json().get("judgment").asLong() != e.getValue()) {
                    lost.add(s.key() + " -> " + r.status() + " " + r.body() + " (acknowledged as judgment " + e.getValue() + ")");
                }
            }));
        }
        for (Future<?> f : futures) f.get();
        pool.shutdown();
        return lost;
    }

    static void verifyStored(Connection c, Outcome o) throws SQLException {
        Map<String, Long> stored = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT idempotency_key, id FROM judgment WHERE campaign_id = ?")) {
            ps.setLong(1, o.campaign());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Long before = stored.put(rs.getString(1), rs.getLong(2));
                    assertEquals(null, before, "idempotency key " + rs.getString(1) + " stored twice");
                }
            }
        }
        List<String> lost = new ArrayList<>();
        o.acknowledged().forEach((key, id) -> {
            if (!id.equals(stored.get(key))) lost.add(key + " acknowledged as " + id + ", stored as " + stored.get(key));
        });
        assertEquals(List.of(), lost, "acknowledged judgments lost or changed");
        Set<String> expected = new HashSet<>(o.acknowledged().keySet());
        expected.addAll(o.resolved().keySet());
        Set<String> extra = new HashSet<>(stored.keySet());
        extra.removeAll(expected);
        assertEquals(Set.of(), extra, "judgments stored that no client knows of");
        assertEquals(expected.size(), stored.size());

        assertEquals(0L, count(c, "SELECT COUNT(*) FROM (SELECT annotator, image_id FROM judgment WHERE campaign_id = ? "
                + "GROUP BY annotator, image_id HAVING COUNT(*) > 1) d", o.campaign()), "an annotator judged an image twice");
        assertEquals(0L, count(c, "SELECT COUNT(*) FROM judgment j WHERE j.campaign_id = ? AND j.answers = ''",
                o.campaign()), "judgments without answers");
        assertEquals(0L, count(c, "SELECT COUNT(*) FROM assignment a WHERE a.campaign_id = ? AND a.state = 'SUBMITTED' "
                + "AND NOT EXISTS (SELECT 1 FROM judgment j WHERE j.id = a.judgment_id)", o.campaign()), "submitted assignments without judgment");
        assertEquals(0L, count(c, "SELECT COUNT(*) FROM campaign_image ci WHERE ci.campaign_id = ? AND ci.judgments_done <> "
                + "(SELECT COUNT(*) FROM judgment j WHERE j.campaign_id = ci.campaign_id AND j.image_id = ci.image_id)",
                o.campaign()), "judgment counters that do not match the judgments");
        assertEquals(0L, count(c, "SELECT COUNT(*) FROM campaign_image ci WHERE ci.campaign_id = ? AND ci.leased <> "
                + "(SELECT COUNT(*) FROM assignment a WHERE a.campaign_id = ci.campaign_id AND a.image_id = ci.image_id "
                + "AND a.state = 'LEASED')", o.campaign()), "lease counters that do not match the leases");
        assertEquals(0L, CampaignFixture.progressMismatches(c, o.campaign()), "progress counters that do not match the judgments");
        System.out.printf("stored: %d judgments = %d acknowledged + %d resolved after the restart (%d were in doubt)%n",
                stored.size(), o.acknowledged().size(), stored.size() - o.acknowledged().size(), o.inDoubt());
    }

    static long count(Connection c, String sql, long campaign) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, campaign);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
