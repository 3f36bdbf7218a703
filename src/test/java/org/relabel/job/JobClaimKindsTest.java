package org.relabel.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An instance with {@code relabel.jobs.kinds} / {@code relabel.jobs.exclude-kinds} ({@link WorkerProfile}: claims
 * only {@code test-kind-a}) leaves other kinds in the queue, and still takes over stale jobs of every kind.
 */
@QuarkusTest
@TestProfile(WorkerProfile.class)
class JobClaimKindsTest {
    static final String A = "test-kind-a";
    static final String B = "test-kind-b";
    static final String C = "test-kind-c";

    @Inject
    JobService jobs;

    private final List<String> created = new ArrayList<>();

    @AfterEach
    void cancelLeftovers() {
        // leave nothing queued for the next test application sharing this database
        created.forEach(jobs::cancel);
    }

    @Test
    void claimsItsKindBehindAQueueOfKindsItLeavesToOthers() {
        int runsB = TestJobHandlers.runs(B);
        int runsC = TestJobHandlers.runs(C);
        int runsA = TestJobHandlers.runs(A);
        List<String> others = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            others.add(enqueue(i % 2 == 0 ? B : C)); // more than one claim query's page
        }
        assertEquals(JobState.SUCCEEDED, await(enqueue(A)));
        assertEquals(JobState.SUCCEEDED, await(enqueue(A))); // a later poll: the others are still ahead of it
        assertEquals(runsA + 2, TestJobHandlers.runs(A));
        for (String id : others) {
            Job job = jobs.find(id).orElseThrow();
            assertEquals(JobState.QUEUED, job.state, job.kind + " must stay queued");
            assertNull(job.claimedBy);
        }
        assertEquals(runsB, TestJobHandlers.runs(B), "excluded kind ran");
        assertEquals(runsC, TestJobHandlers.runs(C), "unlisted kind ran");
    }

    @Test
    void claimRecordsTheInstanceTheStartAndAHeartbeat() {
        String id = enqueue(A);
        assertEquals(JobState.SUCCEEDED, await(id));
        Job claimed = jobs.find(id).orElseThrow();
        assertNotNull(claimed.claimedBy, "the claim records the instance");
        assertNotNull(claimed.startedAt, "the claim records the start");
        // without a heartbeat, a job whose instance died before its first progress report would never go stale
        assertNotNull(claimed.heartbeatAt);
    }

    @Test
    void takesOverStaleJobsOfEveryKindButResumesOnlyItsOwn() {
        String foreign = insertStale(B);
        String own = insertStale(A);
        jobs.heartbeat();
        assertEquals(JobState.SUCCEEDED, await(own));
        Job job = jobs.find(foreign).orElseThrow();
        assertEquals(JobState.QUEUED, job.state, "requeued for an instance that claims it");
        assertNull(job.claimedBy);
        assertEquals("resuming after an interruption", job.message);
    }

    @Test
    void describesWhatItClaims() {
        assertEquals("only test-kind-a", jobs.kinds().describe());
    }

    private String enqueue(String kind) {
        String id = jobs.enqueue(kind, null, "{}", "test").id;
        created.add(id);
        return id;
    }

    /** A job left RUNNING by an instance that stopped an hour ago. */
    private String insertStale(String kind) {
        Job job = new Job();
        job.id = UUID.randomUUID().toString();
        job.kind = kind;
        job.state = JobState.RUNNING;
        job.params = "{}";
        job.createdBy = "test";
        job.createdAt = OffsetDateTime.now().minusHours(1);
        job.startedAt = job.createdAt;
        job.heartbeatAt = job.createdAt;
        job.claimedBy = "an-instance-that-stopped";
        job.message = "started";
        QuarkusTransaction.requiringNew().run(job::persist);
        created.add(job.id);
        return job.id;
    }

    private JobState await(String id) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            JobState state = jobs.find(id).orElseThrow().state;
            if (state.isFinal()) return state;
            if (System.currentTimeMillis() > deadline) return state;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return state;
            }
        }
    }
}
