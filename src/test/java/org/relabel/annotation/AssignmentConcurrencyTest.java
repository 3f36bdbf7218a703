package org.relabel.annotation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.relabel.testing.TestUsers.as;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relabel.account.Account;
import org.relabel.account.AccountService;
import org.relabel.account.Roles;
import org.relabel.testing.TestUsers;
import org.relabel.web.ProblemException;

/**
 * The queue under concurrency: 20 threads for 10 annotators (two threads, like browser tabs,
 * per annotator) lease, submit, skip and abandon images while a reaper returns abandoned
 * leases and a monitor checks the invariants in single statements. Half of the submissions ask for
 * the next image in the same call, and the submissions of concurrent threads are stored together
 * (the group commit of {@link JudgmentWriter}). Every batch runs in its own transaction and the
 * services keep no queue state in memory, so the threads stand for several application instances on
 * one database as well.
 */
@QuarkusTest
class AssignmentConcurrencyTest {
    static final int IMAGES = 30;
    static final int OVERLAP = 3;
    static final int ANNOTATORS = 10;
    static final int THREADS = 20;

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
        f = CampaignFixture.create(db, IMAGES, 6);
    }

    @Test
    void parallelAnnotatorsNeverExceedOverlapNeverRepeatAndFinishWithExactlyOverlapJudgmentsPerImage() throws Exception {
        long c = as("curator").contentType("application/json")
                .body("{\"name\":\"concurrency\",\"models\":[\"m1\",\"m2\"],\"topK\":3,\"overlap\":" + OVERLAP + ",\"leaseSeconds\":600}")
                .post("/api/datasets/" + f.dataset + "/campaigns").then().statusCode(201).extract().jsonPath().getLong("id");
        as("curator").post("/api/datasets/" + f.dataset + "/campaigns/" + c + "/open").then().statusCode(200);

        List<Annotator> people = new ArrayList<>();
        String run = UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < ANNOTATORS; i++) {
            String name = "par-" + run + "-" + i;
            accounts.create(name, TestUsers.PASSWORD, List.of(Roles.ANNOTATOR), name);
            long id = QuarkusTransaction.requiringNew().call(() -> Account.byUsername(name).orElseThrow().id);
            people.add(Annotator.person(name, id));
        }

        ConcurrentLinkedQueue<Long> abandoned = new ConcurrentLinkedQueue<>();
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger submitted = new AtomicInteger(), skipped = new AtomicInteger(), busy = new AtomicInteger(),
                samples = new AtomicInteger(), reaped = new AtomicInteger(), nextLeased = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 2);
        CountDownLatch start = new CountDownLatch(1);

        Future<?> monitor = pool.submit(() -> {
            while (running.get()) {
                violations.addAll(check(c, false));
                samples.incrementAndGet();
                sleep(5);
            }
            return null;
        });
        Future<?> reaper = pool.submit(() -> {
            while (running.get()) {
                expire(abandoned);
                reaped.addAndGet(assignments.reap());
                sleep(20);
            }
            return null;
        });
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Annotator who = people.get(t % ANNOTATORS);
            Random random = new Random(t);
            workers.add(pool.submit(() -> {
                start.await();
                int idle = 0;
                AssignmentView carried = null; // leased with the previous submission
                while (idle < 20) {
                    Optional<AssignmentView> lease;
                    try {
                        lease = carried != null ? Optional.of(carried) : assignments.lease(c, who);
                        carried = null;
                    } catch (ProblemException e) {
                        if (e.status() != 409 && e.status() != 503) throw e;
                        busy.incrementAndGet();
                        sleep(5);
                        continue;
                    }
                    if (lease.isEmpty()) {
                        idle++;
                        sleep(10);
                        continue;
                    }
                    idle = 0;
                    AssignmentView a = lease.get();
                    double roll = random.nextDouble();
                    if (roll < 0.08) {
                        assignments.skip(c, a.id(), who);
                        skipped.incrementAndGet();
                    } else if (roll < 0.13) {
                        abandoned.add(a.id()); // walks away; the reaper returns the image
                    } else {
                        List<String> picked = new ArrayList<>();
                        for (AssignmentView.Candidate cand : a.candidates()) if (random.nextBoolean()) picked.add(cand.key());
                        JudgmentService.Submission s = new JudgmentService.Submission(c, a.id(), who, picked,
                                picked.isEmpty() ? null : picked.get(0), picked.isEmpty(), false, 1000 + random.nextInt(4000),
                                UUID.randomUUID().toString());
                        if (random.nextBoolean()) {
                            judgments.submit(s);
                        } else {
                            carried = judgments.submitAndLease(s).next(); // "submit and give me the next image"
                            if (carried != null) nextLeased.incrementAndGet();
                        }
                        submitted.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> w : workers) w.get(5, TimeUnit.MINUTES);
        running.set(false);
        monitor.get(1, TimeUnit.MINUTES);
        reaper.get(1, TimeUnit.MINUTES);
        pool.shutdown();

        assertTrue(violations.isEmpty(), "invariant violations while running: " + violations.subList(0, Math.min(10, violations.size())));
        assertTrue(samples.get() > 5, "the monitor sampled " + samples.get() + " times");
        assertTrue(submitted.get() > IMAGES, "submitted " + submitted.get());
        assertTrue(nextLeased.get() > 0, "no submission came back with the next image");

        // whatever was abandoned last returns; then the annotators finish the campaign one by one
        expire(abandoned);
        assignments.reap();
        for (int round = 0; round < 3; round++) {
            for (Annotator who : people) {
                Optional<AssignmentView> a;
                while ((a = assignments.lease(c, who)).isPresent()) {
                    judgments.submit(new JudgmentService.Submission(c, a.get().id(), who, List.of(), null, true, false, 500,
                            UUID.randomUUID().toString()));
                }
            }
        }
        assertEquals(List.of(), check(c, true));
        try (Connection conn = db.getConnection()) {
            assertEquals(0L, single(conn, "SELECT COUNT(*) FROM (SELECT annotator, image_id FROM judgment WHERE campaign_id = ? "
                    + "GROUP BY annotator, image_id HAVING COUNT(*) > 1) d", c), "an annotator judged an image twice");
            assertEquals(0L, single(conn, "SELECT COUNT(*) FROM (SELECT annotator, image_id FROM assignment WHERE campaign_id = ? "
                    + "GROUP BY annotator, image_id HAVING COUNT(*) > 1) d", c), "an annotator was given an image twice");
            assertEquals((long) IMAGES * OVERLAP, single(conn, "SELECT COUNT(*) FROM judgment WHERE campaign_id = ?", c));
            assertEquals(0L, single(conn, "SELECT COUNT(*) FROM assignment WHERE campaign_id = ? AND state = 'LEASED'", c));
            assertEquals((long) skipped.get(), single(conn, "SELECT COUNT(*) FROM assignment WHERE campaign_id = ? AND state = 'SKIPPED'", c));
        }
    }

    /**
     * Invariants of every image in one statement: leases held plus judgments never exceed the
     * overlap, and the counters match the rows. At the end every image has exactly overlap judgments.
     */
    List<String> check(long campaign, boolean complete) {
        List<String> out = new ArrayList<>();
        try (Connection conn = db.getConnection(); PreparedStatement ps = conn.prepareStatement(
                "SELECT ci.image_id, ci.judgments_done, ci.leased, "
                        + "(SELECT COUNT(*) FROM assignment a WHERE a.campaign_id = ci.campaign_id AND a.image_id = ci.image_id AND a.state = 'LEASED'), "
                        + "(SELECT COUNT(*) FROM judgment j WHERE j.campaign_id = ci.campaign_id AND j.image_id = ci.image_id) "
                        + "FROM campaign_image ci WHERE ci.campaign_id = ?")) {
            ps.setLong(1, campaign);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long image = rs.getLong(1);
                    int done = rs.getInt(2), leased = rs.getInt(3), activeRows = rs.getInt(4), judged = rs.getInt(5);
                    if (activeRows + judged > OVERLAP) out.add(image + ": " + activeRows + " leases + " + judged + " judgments");
                    if (done != judged) out.add(image + ": counter " + done + " but " + judged + " judgments");
                    if (leased != activeRows) out.add(image + ": counter " + leased + " but " + activeRows + " leases");
                    if (complete && judged != OVERLAP) out.add(image + ": " + judged + " judgments at the end");
                }
            }
        } catch (SQLException e) {
            out.add("query failed: " + e.getMessage());
        }
        return out;
    }

    void expire(ConcurrentLinkedQueue<Long> abandoned) throws SQLException {
        Long id;
        try (Connection conn = db.getConnection(); PreparedStatement ps = conn.prepareStatement(
                "UPDATE assignment SET expires_at = expires_at - INTERVAL '1' DAY WHERE id = ? AND state = 'LEASED'")) {
            while ((id = abandoned.poll()) != null) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
        }
    }

    static long single(Connection conn, String sql, long param) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setLong(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
