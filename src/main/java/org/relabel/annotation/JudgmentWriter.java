package org.relabel.annotation;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;

/**
 * Group commit of submissions: the requests of an instance hand their submissions to a few writer threads,
 * which store whatever has queued up meanwhile in one transaction ({@link JudgmentService#storeTogether}: a few
 * statements for the whole batch, one commit, one disk flush) and only then answer every request of the batch:
 * a caller that may block waits in {@link #write}; the submit endpoint, on the event loop, gets a future from
 * {@link #submit} that completes on its own event loop, so that the writer thread only schedules the answers. At
 * hundreds of submissions per second this replaces a transaction and some twenty statements per judgment by a
 * share of one; when the load is light a batch holds one submission and waits for nothing.
 *
 * <p>An acknowledged judgment is a committed one: no request is answered before its batch has committed. What
 * the fast path does not take (retries, errors, paused annotators, a second submission for the same assignment
 * or key in the batch) is stored after the batch's commit by {@link JudgmentService#storeOne}, one by one, with
 * the answers a submission on its own gets. When the batch transaction fails because of a race with another
 * writer or instance (a unique key, a serialization failure or deadlock), nothing of it was stored and every
 * submission is stored on its own; any other failure (the database is down) fails every request of the batch,
 * which the clients may resend (their idempotency keys make that safe).
 */
@ApplicationScoped
public class JudgmentWriter {
    private static final Logger LOG = Logger.getLogger(JudgmentWriter.class);

    @Inject
    JudgmentService judgments;
    @Inject
    AnnotatorService annotators;
    @Inject
    AnnotationConfig config;
    @Inject
    MeterRegistry registry;

    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private DistributionSummary batchSizes;
    private Counter storedAlone;
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean started;
    private volatile boolean stopping;

    /**
     * A submission waiting for its batch, whether the annotator wants the next image with it, and where to complete
     * {@code done}: on this Vert.x context (a request's event loop, so that the writer thread only schedules the
     * answer and the request's own thread writes it), or on the writer thread when null.
     */
    private record Pending(JudgmentService.Submission submission, boolean next,
                           CompletableFuture<JudgmentService.Stored> done, Context answerOn) {
        void complete(JudgmentService.Stored stored) {
            answer(() -> done.complete(stored));
        }

        void fail(Throwable e) {
            answer(() -> done.completeExceptionally(e));
        }

        private void answer(Runnable r) {
            if (answerOn == null) r.run();
            else answerOn.runOnContext(v -> r.run());
        }
    }

    /** Stores a submission with others and returns once it is committed (or failed). */
    JudgmentService.Stored write(JudgmentService.Submission s, boolean next) {
        try {
            return submit(s, next, null).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    /**
     * Hands a submission to the writers without waiting: the future completes once it is committed (or failed), on
     * {@code answerOn} when given (see {@link Pending}).
     */
    CompletableFuture<JudgmentService.Stored> submit(JudgmentService.Submission s, boolean next, Context answerOn) {
        if (stopping) throw new IllegalStateException("the application is stopping");
        startWriters();
        Pending p = new Pending(s, next, new CompletableFuture<>(), answerOn);
        queue.add(p);
        return p.done();
    }

    private void startWriters() {
        if (!started) startWritersOnce();
    }

    private synchronized void startWritersOnce() {
        if (started) return;
        batchSizes = DistributionSummary.builder("relabel.judgments.batch.size")
                .description("Submissions taken by one group-commit transaction").register(registry);
        storedAlone = Counter.builder("relabel.judgments.stored.alone")
                .description("Submissions stored in a transaction of their own (retries, errors, paused annotators)").register(registry);
        for (int i = 0; i < Math.max(1, config.groupCommit().writers()); i++) {
            Thread t = new Thread(this::run, "judgment-writer-" + i);
            t.setDaemon(true);
            writers.add(t);
            t.start();
        }
        started = true;
    }

    /** Stops taking submissions and lets the writers store what is queued. */
    @PreDestroy
    synchronized void stop() {
        stopping = true;
        for (Thread t : writers) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void run() {
        int max = Math.max(1, config.groupCommit().maxBatch());
        while (!stopping || !queue.isEmpty()) {
            Pending first;
            try {
                first = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first == null) continue;
            List<Pending> batch = new ArrayList<>();
            batch.add(first);
            queue.drainTo(batch, max - 1);
            try {
                store(batch);
            } catch (Throwable e) { // keep the writer alive; nobody may wait forever
                batch.forEach(p -> p.fail(e));
            }
        }
    }

    private void store(List<Pending> batch) {
        batchSizes.record(batch.size());
        List<JudgmentService.Submission> submissions = batch.stream().map(Pending::submission).toList();
        Set<Integer> next = new HashSet<>();
        for (int i = 0; i < batch.size(); i++) if (batch.get(i).next()) next.add(i);
        JudgmentService.Together together;
        try {
            together = QuarkusTransaction.requiringNew().call(() -> {
                try {
                    return judgments.storeTogether(submissions, next);
                } catch (SQLException e) {
                    throw new Sql.DataException(e);
                }
            });
        } catch (RuntimeException e) {
            if (!raced(e)) {
                batch.forEach(p -> p.fail(e));
                return;
            }
            LOG.debugf("a batch of %d submissions met a concurrent transaction (%s); storing them one by one",
                    batch.size(), e.getMessage());
            together = new JudgmentService.Together(Map.of(), IntStream.range(0, batch.size()).boxed().toList());
        }
        // committed: answer them
        together.stored().forEach((i, stored) -> done(batch.get(i), stored));
        List<Pending> alone = together.alone().stream().map(batch::get).toList();
        storedAlone.increment(alone.size());
        for (Pending p : alone) {
            try {
                done(p, judgments.storeOne(p.submission()));
            } catch (RuntimeException e) {
                p.fail(e);
            }
        }
    }

    /** Answers a committed submission, and counts a new judgment in its campaign's "left in campaign" figure. */
    private void done(Pending p, JudgmentService.Stored stored) {
        if (!stored.submitted().replay()) annotators.stored(p.submission().campaignId());
        p.complete(stored);
    }

    /** Whether a failed batch met another transaction (so that each submission on its own may well succeed). */
    private static boolean raced(Throwable e) {
        if (Sql.uniqueViolation(e)) return true;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("40")) return true;
        }
        return false;
    }
}
