package org.relabel.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.relabel.RelabelConfig;

/**
 * Job claims are exclusive across instances (issue #10): besides this application's job service,
 * two more job services with their own instance ids (as on two more replicas) poll the same job
 * table from their own threads as fast as they can while jobs are queued; every job runs exactly
 * once and is claimed by one instance.
 */
@QuarkusTest
class JobClaimTest {
    static final int JOBS = 40;

    @Inject
    JobService jobs;
    @Inject
    Instance<JobHandler> handlers;
    @Inject
    ObjectMapper mapper;
    @Inject
    RelabelConfig config;

    JobService replica() {
        JobService other = new JobService();
        other.handlers = handlers;
        other.mapper = mapper;
        other.config = config;
        return other;
    }

    @Test
    void everyQueuedJobRunsExactlyOnceWhileThreeInstancesCompeteForIt() throws Exception {
        List<JobService> replicas = List.of(replica(), replica());
        AtomicBoolean polling = new AtomicBoolean(true);
        List<Thread> pollers = new ArrayList<>();
        for (JobService r : replicas) {
            Thread t = new Thread(() -> {
                while (polling.get()) {
                    r.poll();
                    Thread.onSpinWait();
                }
            });
            t.start();
            pollers.add(t);
        }
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < JOBS; i++) ids.add(jobs.enqueue(CountingJob.KIND, null, Map.of("n", i), "test").id);
            long until = System.nanoTime() + 120_000_000_000L;
            while (System.nanoTime() < until && !finished(ids)) Thread.sleep(50);
        } finally {
            polling.set(false);
            for (Thread t : pollers) t.join(10_000);
            for (JobService r : replicas) r.shutdown(null);
        }
        Map<String, Integer> byInstance = new HashMap<>();
        for (String id : ids) {
            Job job = QuarkusTransaction.requiringNew().call(() -> Job.<Job>findById(id));
            assertEquals(JobState.SUCCEEDED, job.state, "job " + id + ": " + job.message);
            assertEquals(1, CountingJob.RUNS.get(id).get(), "job " + id + " ran " + CountingJob.RUNS.get(id) + " times");
            assertTrue(job.claimedBy != null, "job " + id + " has no claimer");
            assertTrue(job.startedAt != null && job.heartbeatAt != null, "job " + id + " has no start or heartbeat");
            byInstance.merge(job.claimedBy, 1, Integer::sum);
        }
        assertTrue(byInstance.size() >= 2, "the replicas competed for the jobs: " + byInstance);
    }

    boolean finished(List<String> ids) {
        return QuarkusTransaction.requiringNew().call(() ->
                Job.count("id in ?1 and state in ?2", ids, List.of(JobState.QUEUED, JobState.RUNNING)) == 0);
    }

    @Test
    void aRunningJobWhoseInstanceDiedIsTakenOverWhenItsHeartbeatIsStale() {
        String id = java.util.UUID.randomUUID().toString();
        java.time.OffsetDateTime longAgo = java.time.OffsetDateTime.now().minusSeconds(config.jobs().staleAfterSeconds() + 60L);
        QuarkusTransaction.requiringNew().run(() -> {
            Job job = new Job();
            job.id = id;
            job.kind = CountingJob.KIND;
            job.state = JobState.RUNNING;
            job.params = "{}";
            job.createdAt = longAgo;
            job.startedAt = longAgo;
            job.heartbeatAt = longAgo;
            job.claimedBy = "an-instance-that-was-killed";
            job.message = "started";
            job.persist();
        });
        jobs.heartbeat();
        Job after = QuarkusTransaction.requiringNew().call(() -> Job.<Job>findById(id));
        assertEquals(JobState.FAILED, after.state);
        assertTrue(after.message.contains("interrupted"), after.message);
    }
}
