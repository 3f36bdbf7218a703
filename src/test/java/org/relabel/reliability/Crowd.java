package org.relabel.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Simulated annotators for the integration tests: each thread leases the next image and answers it
 * with a fresh idempotency key, as fast as the server lets it, and records the outcome of every
 * submission in a ledger: acknowledged (2xx, with the judgment id), in doubt (sent, but the
 * connection broke or the server answered 5xx: it may or may not be stored), or refused (4xx).
 */
public final class Crowd {

    /** One submission as sent. */
    public record Sent(String annotator, long assignment, String key, String body) {
    }

    /** What happened to the submissions. */
    public static final class Ledger {
        public final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        public final Map<String, Sent> sent = new ConcurrentHashMap<>();
        public final Map<String, Sent> inDoubt = new ConcurrentHashMap<>();
        public final Map<String, String> refused = new ConcurrentHashMap<>();
        public final AtomicInteger leases = new AtomicInteger();
        public final AtomicInteger empty = new AtomicInteger();
        public final AtomicInteger networkErrors = new AtomicInteger();
        public final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
    }

    private final long campaign;
    private final Ledger ledger;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    public Crowd(long campaign, Ledger ledger) {
        this.campaign = campaign;
        this.ledger = ledger;
    }

    /**
     * Starts one thread per (client, copy).
     *
     * @param clients          annotator name to its signed-in client
     * @param threadsPer       threads per annotator (like browser tabs)
     * @param clientForRequest picks the client for each request (e.g. alternating instances); identity when null
     * @param stopWhenEmpty    a thread ends when the queue has nothing for its annotator
     */
    public Crowd start(Map<String, Api> clients, int threadsPer, Function<Api, Api> clientForRequest, boolean stopWhenEmpty) {
        int n = 0;
        for (Map.Entry<String, Api> e : clients.entrySet()) {
            for (int t = 0; t < threadsPer; t++) {
                Random random = new Random(31L * n++ + t);
                Thread thread = new Thread(() -> work(e.getKey(), e.getValue(), clientForRequest, stopWhenEmpty, random),
                        "crowd-" + e.getKey() + "-" + t);
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
            }
        }
        return this;
    }

    /** Asks the threads to stop and waits for them. */
    public void stop() throws InterruptedException {
        running.set(false);
        join();
    }

    public void join() throws InterruptedException {
        for (Thread t : threads) t.join(60_000);
    }

    private void work(String annotator, Api own, Function<Api, Api> pick, boolean stopWhenEmpty, Random random) {
        String base = "/api/campaigns/" + campaign;
        while (running.get()) {
            Api api = pick == null ? own : pick.apply(own);
            Api.Response lease;
            try {
                lease = api.sendOrThrow(api.request(base + "/assignments").POST(HttpRequest.BodyPublishers.noBody()));
            } catch (IOException e) {
                ledger.networkErrors.incrementAndGet();
                AppProcess.sleep(20);
                continue;
            } catch (InterruptedException e) {
                return;
            }
            if (lease.status() == 204) {
                ledger.empty.incrementAndGet();
                if (stopWhenEmpty) return;
                AppProcess.sleep(50);
                continue;
            }
            if (lease.status() == 409 && lease.body().contains("too-many-leases") || lease.status() == 503) {
                AppProcess.sleep(10);
                continue;
            }
            if (lease.status() != 201) {
                ledger.unexpected.add("lease " + lease.status() + " " + lease.body());
                AppProcess.sleep(50);
                continue;
            }
            ledger.leases.incrementAndGet();
            JsonNode a = lease.json();
            long assignment = a.get("id").asLong();
            List<String> keys = new ArrayList<>();
            a.get("candidates").forEach(c -> keys.add(c.get("key").asText()));
            String main = keys.get(random.nextInt(keys.size()));
            String key = UUID.randomUUID().toString();
            String body = Api.json(Map.of("assignment", assignment, "selected", List.of(main), "main", main,
                    "millis", 2000 + random.nextInt(4000), "idempotencyKey", key));
            Sent sent = new Sent(annotator, assignment, key, body);
            ledger.sent.put(key, sent);
            Api.Response r;
            try {
                r = api.sendOrThrow(api.request(base + "/judgments").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
            } catch (IOException e) {
                ledger.inDoubt.put(key, sent);
                ledger.networkErrors.incrementAndGet();
                continue;
            } catch (InterruptedException e) {
                ledger.inDoubt.put(key, sent);
                return;
            }
            if (r.status() == 201 || r.status() == 200) {
                ledger.acknowledged.put(key, r.json().get("judgment").asLong());
            } else if (r.status() >= 500) {
                ledger.inDoubt.put(key, sent);
            } else {
                ledger.refused.put(key, r.status() + " " + r.body());
            }
        }
    }

    /**
     * Sends a submission again (same body, same idempotency key) until the server gives a definite
     * answer, riding over connection errors (e.g. a stale pooled connection to a restarted server).
     */
    public static Api.Response resubmit(Api api, long campaign, Sent s) {
        IOException last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                Api.Response r = api.sendOrThrow(api.request("/api/campaigns/" + campaign + "/judgments")
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(s.body())));
                if (r.status() < 500) return r;
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            AppProcess.sleep(100L << Math.min(attempt, 4));
        }
        throw new IllegalStateException("no definite answer for " + s.key(), last);
    }
}
