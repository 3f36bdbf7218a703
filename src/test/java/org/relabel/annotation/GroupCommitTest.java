package org.relabel.annotation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relabel.account.AccountService;
import org.relabel.annotation.domain.StoredAnswers;
import org.relabel.testing.TestUsers;
import org.relabel.web.ProblemException;

/**
 * The group commit of submissions ({@link JudgmentWriter}, {@link JudgmentService#storeTogether}): a batch
 * stores the plain submissions together, in one transaction, and leaves every other one to the path of a
 * submission on its own, which then answers exactly as before (replay, 400, 404); under concurrent load the
 * writer really does take several submissions per transaction, and each is stored once.
 */
@QuarkusTest
class GroupCommitTest {
    @Inject
    AccountService accounts;
    @Inject
    AgroalDataSource db;
    @Inject
    AssignmentService assignments;
    @Inject
    JudgmentService judgments;
    @Inject
    MeterRegistry registry;

    CampaignFixture f;
    long campaign;

    @BeforeEach
    void setUp() {
        TestUsers.ensure(accounts);
        f = CampaignFixture.create(db, 40, 6);
        campaign = f.openCampaign("{\"name\":\"group commit\",\"models\":[\"m1\",\"m2\"],\"topK\":3,\"overlap\":3,"
                + "\"leaseSeconds\":600}");
    }

    JudgmentService.Submission answer(AssignmentView a, Annotator who, String key) {
        String label = a.candidates().get(0).key();
        return new JudgmentService.Submission(campaign, a.id(), who, List.of(label), label, false, false, 2100, key);
    }

    @Test
    void aBatchStoresThePlainSubmissionsTogetherAndLeavesTheRestToTheSingleSubmissionPath() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        Annotator ann = Annotator.simulated("gc-ann-" + run), bob = Annotator.simulated("gc-bob-" + run);
        AssignmentView a1 = assignments.lease(campaign, ann).orElseThrow();
        AssignmentView a2 = assignments.lease(campaign, ann).orElseThrow();
        AssignmentView b1 = assignments.lease(campaign, bob).orElseThrow();
        JudgmentService.Submitted earlier = judgments.submit(answer(b1, bob, "bob-earlier"));
        AssignmentView b2 = assignments.lease(campaign, bob).orElseThrow();

        List<JudgmentService.Submission> batch = List.of(
                answer(a1, ann, "ann-1"),                                   // 0: plain, wants the next image
                answer(b2, bob, "bob-2"),                                   // 1: plain
                answer(a1, ann, "ann-1"),                                   // 2: the same submission again in the batch
                answer(a2, bob, "bob-steals"),                              // 3: someone else's assignment
                new JudgmentService.Submission(campaign, a2.id(), ann, List.of("not-shown"), "not-shown", false, false,
                        1500, "ann-invalid"),                               // 4: a label that was not shown
                answer(b1, bob, "bob-earlier"));                            // 5: a retry of a stored submission
        JudgmentService.Together together = QuarkusTransaction.requiringNew().call(() -> judgments.storeTogether(batch, Set.of(0)));

        assertEquals(Set.of(0, 1), together.stored().keySet());
        assertEquals(List.of(2, 3, 4, 5), together.alone());
        JudgmentService.Stored first = together.stored().get(0);
        assertFalse(first.submitted().replay());
        assertEquals(a1.id(), first.submitted().assignment());
        assertNull(together.stored().get(1).next(), "bob did not ask for the next image");
        if (postgres()) {
            AssignmentView next = first.next();
            assertNotNull(next, "PostgreSQL leases the next image in the same transaction");
            assertNotEquals(a1.id(), next.id());
            assertEquals(2L, scalar("SELECT COUNT(*) FROM assignment WHERE campaign_id = ? AND annotator = ? "
                    + "AND state = 'LEASED'", campaign, ann.name()), "ann holds a2 and the new lease");
            assertNotEquals(a2.id(), next.id());
            assertEquals(ann.name(), string("SELECT annotator FROM assignment WHERE id = ?", next.id()));
        } else {
            assertNull(first.next(), "H2 leases the usual way, after the batch");
        }
        assertEquals(first.submitted().judgment(), scalar("SELECT judgment_id FROM assignment WHERE id = ?", a1.id()));
        assertEquals("SUBMITTED", string("SELECT state FROM assignment WHERE id = ?", a1.id()));
        assertEquals(a1.candidates().size(), StoredAnswers.decode(string("SELECT answers FROM judgment WHERE id = ?",
                first.submitted().judgment())).size(), "one answer per label shown");
        assertCountersMatchRows();

        // what the batch left alone gets the answers of a submission on its own
        JudgmentService.Stored again = judgments.storeOne(batch.get(2));
        assertTrue(again.submitted().replay());
        assertEquals(first.submitted().judgment(), again.submitted().judgment());
        assertEquals(404, assertThrows(ProblemException.class, () -> judgments.storeOne(batch.get(3))).status());
        assertEquals(400, assertThrows(ProblemException.class, () -> judgments.storeOne(batch.get(4))).status());
        JudgmentService.Stored retry = judgments.storeOne(batch.get(5));
        assertTrue(retry.submitted().replay());
        assertEquals(earlier.judgment(), retry.submitted().judgment());
        assertCountersMatchRows();
    }

    @Test
    void underConcurrentLoadSeveralSubmissionsShareATransactionAndEachIsStoredOnce() throws Exception {
        int annotators = 24;
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<Annotator> people = new ArrayList<>();
        List<AssignmentView> leases = new ArrayList<>();
        for (int i = 0; i < annotators; i++) {
            Annotator who = Annotator.simulated("gc-" + run + "-" + i);
            people.add(who);
            leases.add(assignments.lease(campaign, who).orElseThrow());
        }
        double batchesBefore = batchSizes().count(), takenBefore = batchSizes().totalAmount(), maxBefore = batchSizes().max();
        ExecutorService pool = Executors.newFixedThreadPool(annotators);
        try {
            for (int round = 0; round < 3; round++) {
                CyclicBarrier start = new CyclicBarrier(annotators);
                List<Future<JudgmentService.SubmittedAndNext>> replies = new ArrayList<>();
                for (int i = 0; i < annotators; i++) {
                    Annotator who = people.get(i);
                    JudgmentService.Submission s = answer(leases.get(i), who, "gc-" + round + "-" + i);
                    replies.add(pool.submit(() -> {
                        start.await();
                        return judgments.submitAndLease(s);
                    }));
                }
                Set<Long> stored = new HashSet<>();
                for (int i = 0; i < annotators; i++) {
                    JudgmentService.SubmittedAndNext r = replies.get(i).get();
                    assertFalse(r.submitted().replay());
                    stored.add(r.submitted().judgment());
                    // 40 images with room for 3 annotators each: there is a next image for everyone, leased with the
                    // submission or (when the batch's stretch of the queue had none for them, and on H2) right after it
                    leases.set(i, r.next() != null ? r.next() : assignments.lease(campaign, people.get(i)).orElseThrow());
                }
                assertEquals(annotators, stored.size());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(3L * annotators, scalar("SELECT COUNT(*) FROM judgment WHERE campaign_id = ?", campaign));
        assertEquals(0L, scalar("SELECT COUNT(*) FROM (SELECT annotator, image_id FROM assignment WHERE campaign_id = ? "
                + "GROUP BY annotator, image_id HAVING COUNT(*) > 1) d", campaign), "an annotator was given an image twice");
        assertCountersMatchRows();
        double batches = batchSizes().count() - batchesBefore, taken = batchSizes().totalAmount() - takenBefore;
        assertTrue(taken >= 3 * annotators, "every submission went through the writer: " + taken);
        assertTrue(batches < taken, "some transaction stored several submissions: " + batches + " batches for " + taken
                + " submissions (largest batch so far " + Math.max(maxBefore, batchSizes().max()) + ")");
    }

    @Test
    void theNextImageInTheBatchIsNeverOneTheAnnotatorWasGivenBefore() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        Annotator ann = Annotator.simulated("gc-seen-" + run), bob = Annotator.simulated("gc-fresh-" + run);
        // ann holds the head of the queue: the batch's stretch of the queue starts with images she was given, which
        // her next lease must skip; bob, who holds one of them, gets his next image from the same stretch
        List<AssignmentView> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) held.add(assignments.lease(campaign, ann).orElseThrow());
        AssignmentView b1 = assignments.lease(campaign, bob).orElseThrow();
        List<JudgmentService.Submission> batch = List.of(answer(held.get(0), ann, "seen-1"), answer(b1, bob, "fresh-1"));
        JudgmentService.Together together = QuarkusTransaction.requiringNew().call(() -> judgments.storeTogether(batch, Set.of(0, 1)));

        assertEquals(Set.of(0, 1), together.stored().keySet());
        if (postgres()) {
            AssignmentView next = together.stored().get(0).next();
            assertNotNull(next, "a lease for ann past the images she holds");
            Set<Long> before = new HashSet<>();
            for (AssignmentView a : held) before.add(scalar("SELECT image_id FROM assignment WHERE id = ?", a.id()));
            long image = scalar("SELECT image_id FROM assignment WHERE id = ?", next.id());
            assertFalse(before.contains(image), "ann was given image " + image + " again");
            assertEquals(3L, scalar("SELECT COUNT(*) FROM assignment WHERE campaign_id = ? AND annotator = ? AND state = 'LEASED'",
                    campaign, ann.name()), "ann holds her two older leases and the new one");
            assertNotNull(together.stored().get(1).next(), "bob gets his next image in the batch too");
        }
        assertEquals(0L, scalar("SELECT COUNT(*) FROM (SELECT annotator, image_id FROM assignment WHERE campaign_id = ? "
                + "GROUP BY annotator, image_id HAVING COUNT(*) > 1) d", campaign));
        assertCountersMatchRows();
    }

    /**
     * The batch's set-based UPDATE (one statement reading the rows from arrays on PostgreSQL, a JDBC batch on H2)
     * updates every row once.
     */
    @Test
    void updateAllUpdatesEveryRowOfALargeBatch() throws SQLException {
        String table = "update_all_" + UUID.randomUUID().toString().substring(0, 8);
        int n = 300;
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, n INTEGER NOT NULL)");
            try {
                List<Object[]> inserts = new ArrayList<>(), updates = new ArrayList<>();
                for (long id = 1; id <= n; id++) {
                    inserts.add(new Object[]{id});
                    updates.add(new Object[]{(int) id * 2, id});
                }
                Sql.batch(c, "INSERT INTO " + table + " (id, n) VALUES (?, 1)", inserts);
                Sql.updateAll(c, "UPDATE " + table + " t SET n = t.n + v.d FROM %s AS v (d, id) WHERE t.id = v.id",
                        "UPDATE " + table + " SET n = n + ? WHERE id = ?", updates);
                assertEquals(0L, Sql.count(c, "SELECT COUNT(*) FROM " + table + " WHERE n <> 2 * id + 1"));
                assertEquals(n, Sql.count(c, "SELECT COUNT(*) FROM " + table));
                List<Object> params = new ArrayList<>();
                String some = Sql.in(Sql.postgres(c), "id", List.of(3L, 5L, 299L, 1000L), params);
                assertEquals(List.of(3L, 5L, 299L), Sql.list(c, "SELECT id FROM " + table + " WHERE " + some + " ORDER BY id",
                        rs -> rs.getLong(1), params.toArray()));
            } finally {
                st.execute("DROP TABLE " + table);
            }
        }
    }

    /** insertAll returns the rows' ids in the rows' order, with nulls, texts and times stored as given. */
    @Test
    void insertAllReturnsTheIdsInTheRowsOrder() throws SQLException {
        String table = "insert_all_" + UUID.randomUUID().toString().substring(0, 8);
        OffsetDateTime at = OffsetDateTime.parse("2026-11-30T03:20:00.123456Z");
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + table + " (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
                    + "name VARCHAR(50) NOT NULL, n INTEGER, kind VARCHAR(10) NOT NULL, at TIMESTAMP WITH TIME ZONE NOT NULL)");
            try {
                List<Object[]> rows = new ArrayList<>();
                for (int i = 0; i < 70; i++) rows.add(new Object[]{"row " + i + " 'quoted', \"and\" {braced}", i % 3 == 0 ? Sql.NULL_INT : i, at});
                List<Long> ids = Sql.insertAll(c, table, "name, n, kind, at", "?, ?, 'FIXED', ?", rows);
                assertEquals(rows.size(), ids.size());
                for (int i = 0; i < rows.size(); i++) {
                    Object[] got = Sql.one(c, "SELECT name, n, kind, at FROM " + table + " WHERE id = ?",
                            rs -> new Object[]{rs.getString(1), rs.getObject(2), rs.getString(3), Sql.time(rs, 4)}, ids.get(i));
                    assertEquals(rows.get(i)[0], got[0]);
                    assertEquals(i % 3 == 0 ? null : i, got[1]);
                    assertEquals("FIXED", got[2]);
                    assertEquals(at.toInstant(), ((OffsetDateTime) got[3]).toInstant());
                }
            } finally {
                st.execute("DROP TABLE " + table);
            }
        }
    }

    /**
     * A script's statements run in order in the caller's transaction (one round trip on PostgreSQL): a query sees the
     * rows an earlier statement of the script wrote, and each query's rows come back to its own handle.
     */
    @Test
    void aScriptRunsItsStatementsInOrderAndReturnsEachQuerysRows() throws SQLException {
        String table = "script_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + table + " (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name VARCHAR(20) NOT NULL, "
                    + "n INTEGER NOT NULL)");
            try {
                Sql.Script script = new Sql.Script(c);
                Sql.Script.Rows<Long> ids = script.insertAll(table, "name, n", "?, ?", List.of(new Object[]{"a", 1},
                        new Object[]{"b", 2}, new Object[]{"c", 3}));
                script.updateAll("UPDATE " + table + " t SET n = t.n * 10 FROM %s AS v (name) WHERE t.name = v.name",
                        "UPDATE " + table + " SET n = n * 10 WHERE name = ?", List.<Object[]>of(new Object[]{"b"}));
                Sql.Script.Rows<String> all = script.query("SELECT name || '=' || n FROM " + table + " ORDER BY name",
                        rs -> rs.getString(1));
                Sql.Script.Rows<Long> none = script.query("SELECT id FROM " + table + " WHERE n < 0", rs -> rs.getLong(1));
                script.run();
                assertEquals(List.of("a=1", "b=20", "c=3"), all.get());
                assertEquals(List.of(), none.get());
                assertEquals(3, new HashSet<>(ids.get()).size());
                assertEquals("c", Sql.one(c, "SELECT name FROM " + table + " WHERE id = ?", rs -> rs.getString(1), ids.get().get(2)));
            } finally {
                st.execute("DROP TABLE " + table);
            }
        }
    }

    DistributionSummary batchSizes() {
        return registry.find("relabel.judgments.batch.size").summary();
    }

    /** The queue's counters match the rows, and no image holds more than the overlap. */
    void assertCountersMatchRows() throws SQLException {
        assertEquals(0L, scalar("SELECT COUNT(*) FROM campaign_image ci WHERE ci.campaign_id = ? AND ("
                + "ci.judgments_done <> (SELECT COUNT(*) FROM judgment j WHERE j.campaign_id = ci.campaign_id AND j.image_id = ci.image_id) "
                + "OR ci.leased <> (SELECT COUNT(*) FROM assignment a WHERE a.campaign_id = ci.campaign_id "
                + "AND a.image_id = ci.image_id AND a.state = 'LEASED') OR ci.judgments_done + ci.leased > 3)", campaign));
        assertEquals(0L, CampaignFixture.progressMismatches(db, campaign), "annotators' progress counters match their judgments");
    }

    boolean postgres() throws SQLException {
        try (Connection c = db.getConnection()) {
            return c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        }
    }

    long scalar(String sql, Object... params) throws SQLException {
        return CampaignFixture.scalar(db, sql, params);
    }

    String string(String sql, Object... params) throws SQLException {
        return CampaignFixture.text(db, sql, params);
    }
}
