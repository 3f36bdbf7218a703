package org.relabel.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Parameters;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.relabel.RelabelConfig;
import org.relabel.web.ProblemException;

/**
 * The one way to run long work. Jobs are rows in the database: an instance claims a queued job
 * with a conditional update (so across several instances exactly one runs it), sends heartbeats
 * while it runs, and takes over jobs whose heartbeat went stale (resuming resumable kinds,
 * failing the others). Progress and cancellation go through the row, so any instance can show
 * or cancel any job. An instance claims only the kinds its settings allow ({@link JobKinds}:
 * {@code relabel.jobs.kinds}, {@code relabel.jobs.exclude-kinds}), so scoring can run on GPU workers
 * while web replicas run the rest; any instance still takes over any stale job.
 */
@ApplicationScoped
public class JobService {
    private static final Logger LOG = Logger.getLogger(JobService.class);
    private static final long PROGRESS_WRITE_INTERVAL_MS = 300;

    @Inject
    Instance<JobHandler> handlers;
    @Inject
    ObjectMapper mapper;
    @Inject
    RelabelConfig config;

    private final String instanceId = UUID.randomUUID().toString();
    private final Map<String, RunningJob> running = new ConcurrentHashMap<>();
    private final AtomicInteger busy = new AtomicInteger();
    private volatile ExecutorService executor;
    private volatile boolean stopping;
    private volatile JobKinds kinds;

    /** Queues a job for a handler; any instance with a free slot that claims its kind picks it up within a second. */
    public Job enqueue(String kind, Long datasetId, Object params, String user) {
        handler(kind);
        Job job = newJob(kind, datasetId, params, user, JobState.QUEUED);
        QuarkusTransaction.requiringNew().run(job::persist);
        poll();
        return job;
    }

    /**
     * Runs a job in the calling thread (used by synchronous API calls), recording it like any other job.
     * Exceptions propagate to the caller after being recorded.
     */
    public <T> T runNow(String kind, Long datasetId, Object params, String user, Work<T> work) {
        Job job = newJob(kind, datasetId, params, user, JobState.RUNNING);
        job.claimedBy = instanceId;
        job.startedAt = job.createdAt;
        job.heartbeatAt = job.createdAt;
        QuarkusTransaction.requiringNew().run(job::persist);
        RunningJob ctx = new RunningJob(job.id);
        running.put(job.id, ctx);
        try {
            T result = work.run(ctx);
            finish(job.id, JobState.SUCCEEDED, "done", result);
            return result;
        } catch (JobContext.JobCancelledException e) {
            finish(job.id, JobState.CANCELLED, "cancelled", null);
            throw new ProblemException(409, "cancelled", "Cancelled", "The job was cancelled");
        } catch (RuntimeException e) {
            fail(job.id, e);
            throw e;
        } catch (Exception e) {
            fail(job.id, e);
            throw new IllegalStateException(e);
        } finally {
            running.remove(job.id);
        }
    }

    /** Work run inline by {@link #runNow}. */
    @FunctionalInterface
    public interface Work<T> {
        T run(JobContext context) throws Exception;
    }

    public Optional<Job> find(String id) {
        return QuarkusTransaction.requiringNew().call(() -> Optional.ofNullable(Job.<Job>findById(id)));
    }

    public List<Job> recent(Long datasetId, int limit) {
        return recent(datasetId, null, limit);
    }

    /** The newest jobs, optionally of one dataset and/or one kind. */
    public List<Job> recent(Long datasetId, String kind, int limit) {
        StringBuilder q = new StringBuilder("1 = 1");
        Map<String, Object> params = new java.util.HashMap<>();
        if (datasetId != null) {
            q.append(" and datasetId = :dataset");
            params.put("dataset", datasetId);
        }
        if (kind != null) {
            q.append(" and kind = :kind");
            params.put("kind", kind);
        }
        q.append(" order by createdAt desc");
        return QuarkusTransaction.requiringNew().call(() -> Job.<Job>find(q.toString(), params).page(0, limit).list());
    }

    /** Requests cancellation; a queued job is cancelled at once, a running one stops at its next check. */
    public Job cancel(String id) {
        QuarkusTransaction.requiringNew().run(() -> {
            Job job = Job.findById(id);
            if (job == null) throw ProblemException.notFound("Job " + id);
            if (job.state == JobState.QUEUED) {
                job.state = JobState.CANCELLED;
                job.finishedAt = OffsetDateTime.now();
                job.message = "cancelled before it started";
            } else if (job.state == JobState.RUNNING) {
                job.cancelRequested = true;
            }
        });
        RunningJob local = running.get(id);
        if (local != null) local.cancelled = true;
        return find(id).orElseThrow();
    }

    /** The job kinds this instance claims, from {@code relabel.jobs.kinds} and {@code relabel.jobs.exclude-kinds}. */
    public JobKinds kinds() {
        JobKinds k = kinds;
        if (k == null) {
            k = JobKinds.of(config.jobs().kinds(), config.jobs().excludeKinds());
            kinds = k;
        }
        return k;
    }

    /** Refuses to start with a job kind that no handler runs (a typing mistake would leave jobs queued forever). */
    void checkKinds(@Observes StartupEvent event) {
        JobKinds kinds = kinds();
        Set<String> known = handlers.stream().map(JobHandler::kind).collect(Collectors.toCollection(java.util.TreeSet::new));
        Set<String> unknown = kinds.unknown(known);
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("relabel.jobs.kinds / relabel.jobs.exclude-kinds name unknown job kinds "
                    + unknown + "; known kinds: " + known);
        }
        LOG.infof("Job runner: %d thread(s), claims %s", config.jobs().threads(), kinds.describe());
    }

    /** Claims queued jobs while this instance has free slots. */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledPoll() {
        org.relabel.ops.Outages.run("job polling", this::poll);
    }

    void poll() {
        if (stopping) return;
        int threads = config.jobs().threads();
        while (busy.get() < threads) {
            Optional<Job> claimed = QuarkusTransaction.requiringNew().call(this::claimNext);
            if (claimed.isEmpty()) return;
            Job job = claimed.get();
            busy.incrementAndGet();
            executor().submit(() -> execute(job));
        }
    }

    private Optional<Job> claimNext() {
        // The kind filter is part of the query: filtering afterwards would let unclaimable jobs at the head
        // of the queue hide claimable ones behind them.
        JobKinds kinds = kinds();
        StringBuilder q = new StringBuilder("state = :queued");
        Parameters params = Parameters.with("queued", JobState.QUEUED);
        if (!kinds.only().isEmpty()) {
            q.append(" and kind in :only");
            params.and("only", List.copyOf(kinds.only()));
        }
        if (!kinds.excluded().isEmpty()) {
            q.append(" and kind not in :excluded");
            params.and("excluded", List.copyOf(kinds.excluded()));
        }
        q.append(" order by createdAt");
        List<Job> queued = Job.<Job>find(q.toString(), params).page(0, 5).list();
        // Candidates are a read-only snapshot: the claim is the conditional update below. Left managed, a
        // candidate changed here would be flushed at commit and overwrite the claim (instance, start, heartbeat).
        queued.forEach(Job.getEntityManager()::detach);
        OffsetDateTime now = OffsetDateTime.now();
        for (Job candidate : queued) {
            int updated = Job.update("state = ?1, claimedBy = ?2, startedAt = ?3, heartbeatAt = ?3 "
                            + "where id = ?4 and state = ?5",
                    JobState.RUNNING, instanceId, now, candidate.id, JobState.QUEUED);
            if (updated == 1) {
                // the candidate is managed: at commit Hibernate writes it back whole, so it must hold what the
                // conditional update wrote (setting only the state wrote claimed_by and heartbeat_at back to null,
                // and a job without a heartbeat is never taken over when its instance dies)
                candidate.state = JobState.RUNNING;
                candidate.claimedBy = instanceId;
                candidate.startedAt = now;
                candidate.heartbeatAt = now;
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Heartbeats for this instance's jobs; takes over stale jobs of instances that died. */
    @Scheduled(every = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledHeartbeat() {
        org.relabel.ops.Outages.run("job heartbeats", this::heartbeat);
    }

    void heartbeat() {
        if (stopping) return;
        OffsetDateTime now = OffsetDateTime.now();
        QuarkusTransaction.requiringNew().run(() -> {
            if (!running.isEmpty()) {
                Job.update("heartbeatAt = ?1 where id in ?2", now, List.copyOf(running.keySet()));
            }
        });
        OffsetDateTime staleBefore = now.minusSeconds(config.jobs().staleAfterSeconds());
        List<Job> stale = QuarkusTransaction.requiringNew().call(() ->
                Job.<Job>find("state = ?1 and heartbeatAt < ?2", JobState.RUNNING, staleBefore).list());
        for (Job job : stale) {
            boolean resume = handlers.stream().anyMatch(h -> h.kind().equals(job.kind) && h.resumable());
            QuarkusTransaction.requiringNew().run(() -> {
                if (resume && !job.cancelRequested) {
                    Job.update("state = ?1, claimedBy = null, message = ?2 where id = ?3 and state = ?4 and heartbeatAt < ?5",
                            JobState.QUEUED, "resuming after an interruption", job.id, JobState.RUNNING, staleBefore);
                } else {
                    Job.update("state = ?1, finishedAt = ?2, message = ?3 where id = ?4 and state = ?5 and heartbeatAt < ?6",
                            job.cancelRequested ? JobState.CANCELLED : JobState.FAILED, now,
                            job.cancelRequested ? "cancelled" : "interrupted (the instance running it stopped); start it again",
                            job.id, JobState.RUNNING, staleBefore);
                }
            });
        }
    }

    private void execute(Job job) {
        RunningJob ctx = new RunningJob(job.id);
        running.put(job.id, ctx);
        try {
            Object result = handler(job.kind).run(ctx, job.params);
            finish(job.id, ctx.cancelled() ? JobState.CANCELLED : JobState.SUCCEEDED,
                    ctx.cancelled() ? "cancelled" : "done", result);
        } catch (JobContext.JobCancelledException e) {
            finish(job.id, JobState.CANCELLED, "cancelled", null);
        } catch (Throwable e) {
            fail(job.id, e);
        } finally {
            running.remove(job.id);
            busy.decrementAndGet();
        }
    }

    private void fail(String id, Throwable e) {
        java.util.Optional<org.relabel.ops.Failures.Kind> environment = org.relabel.ops.Failures.classify(e);
        if (e instanceof ProblemException p) {
            finish(id, JobState.FAILED, p.getMessage(), p.toProblem("/api/jobs/" + id));
        } else if (environment.isPresent()) {
            // the database went away or the disk filled up: say so (no incident to look up), and let it be started again
            LOG.warnf("Job %s failed: %s (%s)", id, org.relabel.ops.Failures.describe(environment.get()), e.getMessage());
            ProblemException p = org.relabel.ops.Failures.problem(environment.get());
            finishWhenPossible(id, "failed: " + org.relabel.ops.Failures.describe(environment.get())
                    + "; start it again when the cause is gone", p.toProblem("/api/jobs/" + id));
        } else {
            String incident = UUID.randomUUID().toString();
            LOG.errorf(e, "Job %s failed (incident %s)", id, incident);
            finish(id, JobState.FAILED, "failed unexpectedly (incident " + incident + ")", null);
        }
    }

    /**
     * Records a failure caused by the environment. While the database is unreachable the row cannot be
     * written; then the job stays RUNNING without heartbeats, and the stale-heartbeat takeover
     * ({@link #heartbeat()}, any instance) resumes or fails it once the database is back.
     */
    private void finishWhenPossible(String id, String message, Object result) {
        try {
            finish(id, JobState.FAILED, message, result);
        } catch (RuntimeException again) {
            if (org.relabel.ops.Failures.classify(again).isEmpty()) throw again;
            LOG.warnf("Job %s: its failure could not be recorded yet (%s); it is taken over when its heartbeat is stale",
                    id, again.getMessage());
        }
    }

    private void finish(String id, JobState state, String message, Object result) {
        String json = toJson(result);
        QuarkusTransaction.requiringNew().run(() -> Job.update(
                "state = ?1, message = ?2, result = ?3, finishedAt = ?4, progress = ?5 where id = ?6",
                state, truncate(message, 2000), json, OffsetDateTime.now(),
                state == JobState.SUCCEEDED ? 1.0 : currentProgress(id), id));
    }

    private static double currentProgress(String id) {
        Job job = Job.findById(id);
        return job == null ? 0 : job.progress;
    }

    private Job newJob(String kind, Long datasetId, Object params, String user, JobState state) {
        Job job = new Job();
        job.id = UUID.randomUUID().toString();
        job.kind = kind;
        job.datasetId = datasetId;
        job.state = state;
        job.params = params instanceof String s ? s : toJson(params);
        job.createdBy = user;
        job.createdAt = OffsetDateTime.now();
        job.message = state == JobState.QUEUED ? "waiting for a free worker" : "started";
        return job;
    }

    private JobHandler handler(String kind) {
        return handlers.stream().filter(h -> h.kind().equals(kind)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no job handler for kind " + kind));
    }

    private String toJson(Object value) {
        if (value == null) return null;
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("job data is not serialisable", e);
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private ExecutorService executor() {
        if (executor == null) {
            synchronized (this) {
                if (executor == null) {
                    AtomicInteger n = new AtomicInteger();
                    executor = Executors.newFixedThreadPool(config.jobs().threads(), r -> {
                        Thread t = new Thread(r, "relabel-job-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
                }
            }
        }
        return executor;
    }

    void shutdown(@Observes ShutdownEvent event) {
        stopping = true;
        running.values().forEach(r -> r.cancelled = true);
        if (executor != null) {
            executor.shutdown();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Context of a job running on this instance. */
    private final class RunningJob implements JobContext {
        private final String id;
        private volatile boolean cancelled;
        private long lastWrite;
        private long lastCancelCheck;

        RunningJob(String id) {
            this.id = id;
        }

        @Override
        public String jobId() {
            return id;
        }

        @Override
        public synchronized void progress(double fraction, String message) {
            long now = System.currentTimeMillis();
            if (now - lastWrite < PROGRESS_WRITE_INTERVAL_MS && fraction < 1.0) return;
            lastWrite = now;
            double clamped = Math.max(0, Math.min(1, fraction));
            QuarkusTransaction.requiringNew().run(() -> Job.update(
                    "progress = ?1, message = ?2, heartbeatAt = ?3 where id = ?4",
                    clamped, truncate(message, 2000), OffsetDateTime.now(), id));
        }

        @Override
        public boolean cancelled() {
            if (cancelled) return true;
            long now = System.currentTimeMillis();
            if (now - lastCancelCheck > 1000) {
                lastCancelCheck = now;
                Boolean requested = QuarkusTransaction.requiringNew().call(() -> {
                    Job job = Job.findById(id);
                    return job != null && job.cancelRequested;
                });
                cancelled = requested;
            }
            return cancelled;
        }
    }
}
