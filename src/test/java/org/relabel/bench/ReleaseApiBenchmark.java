package org.relabel.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Freezing a release end to end on a running Relabel (database included): builds a dataset of N labels-only
 * images (default 50,000; 1,000 classes) with A annotators x L labels of judgments each (default 5 x 4 = 1,000,000
 * judgment rows, uploaded as one CSV), aggregates it (Dawid-Skene), records a few curator decisions, then freezes
 * R releases and prints, per freeze, the server's own timing of the labels pass ({@code labels.csv},
 * {@code labels.json} and {@code decisions.csv} streamed from the reviewed labels), of the judgments pass, the
 * total, and the server's heap (sum of the heap pools from {@code /q/metrics}, sampled every 100 ms) before and
 * during the freeze. Finally checks that the downloaded {@code labels.csv} has the SHA-256 its manifest lists.
 * Usage (app running, e.g. {@code java -Xmx512m -jar target/quarkus-app/quarkus-run.jar}):
 * <pre>
 * java -cp target/test-classes org.relabel.bench.ReleaseApiBenchmark http://localhost:8080 admin PASSWORD [images] [annotators] [labels] [releases]
 * </pre>
 * With {@code dataset=<key>} instead of the number of images it only freezes releases of that existing dataset (for
 * example after restarting the app with a small heap, {@code -Xmx128m}, to show that freezing needs no more).
 */
public final class ReleaseApiBenchmark {
    private static final Pattern HEAP = Pattern.compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*}\\s+(\\S+)",
            Pattern.MULTILINE);

    private ReleaseApiBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String auth = "Basic " + Base64.getEncoder().encodeToString((args[1] + ":" + args[2]).getBytes(StandardCharsets.UTF_8));
        String existing = args.length > 3 && args[3].startsWith("dataset=") ? args[3].substring(8) : null;
        int images = args.length > 3 && existing == null ? Integer.parseInt(args[3]) : 50_000;
        int annotators = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        int labels = args.length > 5 ? Integer.parseInt(args[5]) : 4;
        int releases = args.length > 6 ? Integer.parseInt(args[6]) : 3;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Api api = new Api(http, base, auth);
        String ds = existing != null ? existing : "release-bench-" + System.currentTimeMillis();
        if (existing == null) build(api, ds, images, annotators, labels);
        freeze(api, ds, releases);
        System.out.println("dataset: " + ds);
    }

    /** Creates the dataset: classes, images, judgments, a Dawid-Skene aggregation and 100 curator decisions. */
    private static void build(Api api, String ds, int images, int annotators, int labels) throws Exception {
        Random random = new Random(11);
        api.send("PUT", "/api/datasets/" + ds, "application/json", "{}");

        StringBuilder classes = new StringBuilder("key,name,index\n");
        for (int c = 0; c < 1000; c++) classes.append("c").append(c).append(",class ").append(c).append(',').append(c).append('\n');
        api.timed("classes", "/api/datasets/" + ds + "/classes", "text/csv", classes.toString());
        int[] label = new int[images];
        StringBuilder imagesCsv = new StringBuilder(images * 24).append("image,label\n");
        for (int i = 0; i < images; i++) {
            label[i] = random.nextInt(1000);
            imagesCsv.append("img").append(i).append(".jpg,c").append(label[i]).append('\n');
        }
        api.timed(images + " images", "/api/datasets/" + ds + "/images", "text/csv", imagesCsv.toString());
        imagesCsv = null;

        long rows = (long) images * annotators * labels;
        StringBuilder judgments = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 16, rows * 32))
                .append("image,label,annotator,answer\n");
        String[] answers = {"yes", "no", "maybe"};
        for (int i = 0; i < images; i++) {
            int first = random.nextInt(500);
            for (int a = 0; a < annotators; a++) {
                String annotator = "rater-" + (first + a * 97) % 500;
                for (int l = 0; l < labels; l++) {
                    int c = l == 0 ? label[i] : (label[i] + l * 37) % 1000;
                    String answer = l == 0 ? (random.nextDouble() < 0.8 ? "yes" : "no") : answers[random.nextInt(3)];
                    judgments.append("img").append(i).append(".jpg,c").append(c).append(',').append(annotator).append(',')
                            .append(answer).append('\n');
                }
            }
        }
        api.timed(rows + " judgment rows", "/api/datasets/" + ds + "/judgments", "text/csv", judgments.toString());
        judgments = null;

        long t0 = System.nanoTime();
        String job = api.field(api.send("POST", "/api/datasets/" + ds + "/consensus", "application/json",
                "{\"method\":\"dawid-skene\"}"), "id");
        api.await(job);
        System.out.printf("%-28s %8.2f s%n", "aggregation (dawid-skene)", (System.nanoTime() - t0) / 1e9);
        for (int i = 0; i < 100; i++) {
            api.send("POST", "/api/datasets/" + ds + "/images/img" + (i * 97) + ".jpg/review", "application/json",
                    i % 2 == 0 ? "{\"decision\":\"KEPT_ORIGINAL\"}" : "{\"decision\":\"EXCLUDED\"}");
        }
    }

    /** Freezes {@code releases} releases, printing the server's timings and heap for each. */
    private static void freeze(Api api, String ds, int releases) throws Exception {

        for (int r = 0; r < releases; r++) {
            System.gc();
            long idle = api.heap();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong peak = new AtomicLong(idle);
            Thread sampler = new Thread(() -> {
                while (running.get()) {
                    try {
                        peak.accumulateAndGet(api.heap(), Math::max);
                        Thread.sleep(100);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            sampler.start();
            long start = System.nanoTime();
            String frozen = api.send("POST", "/api/datasets/" + ds + "/releases", "application/json", "{}");
            double wall = (System.nanoTime() - start) / 1e9;
            running.set(false);
            sampler.join();
            System.out.printf("freeze v%s: wall %.2f s; server: labels pass %s ms (CPU %s ms), judgments pass %s ms "
                            + "(CPU %s ms), total %s ms; heap before %.0f MB, peak during %.0f MB%n",
                    api.field(frozen, "version"), wall, api.field(frozen, "labels"), api.field(frozen, "labelsCpu"),
                    api.field(frozen, "judgments"), api.field(frozen, "judgmentsCpu"), api.field(frozen, "total"),
                    idle / 1e6, peak.get() / 1e6);
            if (r == releases - 1) {
                String v = "v" + api.field(frozen, "version");
                byte[] csv = api.bytes("/api/datasets/" + ds + "/releases/" + v + "/labels.csv");
                String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(csv));
                String manifest = new String(api.bytes("/api/datasets/" + ds + "/releases/" + v + "/manifest.json"),
                        StandardCharsets.UTF_8);
                System.out.printf("labels.csv: %.1f MB, SHA-256 %s the manifest%n", csv.length / 1e6,
                        manifest.contains(sha) ? "matches" : "DOES NOT MATCH");
            }
        }
    }

    /** A tiny client for the benchmark. */
    private record Api(HttpClient http, String base, String auth) {
        String send(String method, String path, String type, String body) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth)
                    .header("Accept", "application/json");
            if (body != null) b.header("Content-Type", type);
            HttpRequest request = b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + ": HTTP " + response.statusCode() + " " + response.body());
            }
            return response.body();
        }

        byte[] bytes(String path) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth).build();
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray()).body();
        }

        void timed(String label, String path, String type, String body) throws Exception {
            long start = System.nanoTime();
            send("POST", path, type, body);
            System.out.printf("%-28s %8.2f s  (%.1f MB)%n", label, (System.nanoTime() - start) / 1e9, body.length() / 1e6);
        }

        void await(String job) throws Exception {
            while (true) {
                String state = field(send("GET", "/api/jobs/" + job, null, null), "state");
                if (!state.equals("QUEUED") && !state.equals("RUNNING")) {
                    if (!state.equals("SUCCEEDED")) throw new IllegalStateException("job " + job + " " + state);
                    return;
                }
                Thread.sleep(500);
            }
        }

        /** The server's used heap: the sum of its heap pools in the Prometheus metrics. */
        long heap() throws Exception {
            String metrics = new String(bytes("/q/metrics"), StandardCharsets.UTF_8);
            Matcher m = HEAP.matcher(metrics);
            double sum = 0;
            while (m.find()) sum += Double.parseDouble(m.group(1));
            return (long) sum;
        }

        /** The first value of a JSON field, as text (enough for these flat answers). */
        String field(String json, String name) {
            Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"?([^\",}]*)").matcher(json);
            return m.find() ? m.group(1) : "?";
        }
    }
}
