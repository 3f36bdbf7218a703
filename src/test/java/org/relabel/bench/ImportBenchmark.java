package org.relabel.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

/**
 * Times the public upload endpoints of a running Relabel at ImageNet-validation scale: 1,000 classes,
 * N labels-only images, N x 5 prediction rows (CSV) and N x 10 judgment answers (CSV), each one
 * atomic upload. Usage (app running, e.g. {@code java -jar target/quarkus-app/quarkus-run.jar}):
 * <pre>
 * java -cp target/test-classes org.relabel.bench.ImportBenchmark http://localhost:8080 admin PASSWORD [images=100000] [steps]
 * </pre>
 * {@code steps} is a comma-separated subset of {@code predictions,jsonl,shuffled,judgments} (default: all); classes
 * and images are always uploaded. {@code jsonl} uploads the same predictions again as JSON Lines to a second model,
 * {@code shuffled} the CSV rows in random order to a third (as when a file is sorted by another key than the one the
 * images were imported in: ImageFolder class order against file-name order).
 * With {@code -Dserver.pid=PID} (the app's process id, same machine) it also prints the CPU seconds the server
 * spent on each upload, the figure to compare on a shared machine; with {@code -Ddb.pid=PID} (a PostgreSQL postmaster)
 * also the CPU seconds of that database server and its backends. The load average is printed either way.
 */
public final class ImportBenchmark {
    private ImportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String auth = "Basic " + Base64.getEncoder().encodeToString((args[1] + ":" + args[2]).getBytes(StandardCharsets.UTF_8));
        int images = args.length > 3 ? Integer.parseInt(args[3]) : 100_000;
        java.util.Set<String> steps = java.util.Set.of((args.length > 4 ? args[4] : "predictions,jsonl,shuffled,judgments").split(","));
        String ds = "bench-" + System.currentTimeMillis();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Random random = new Random(7);
        send(http, HttpRequest.newBuilder(URI.create(base + "/api/datasets/" + ds)).header("Authorization", auth)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{}")).build(), "dataset");

        StringBuilder classes = new StringBuilder("key,name,index\n");
        for (int c = 0; c < 1000; c++) classes.append("c").append(c).append(",class ").append(c).append(',').append(c).append('\n');
        upload(http, base, auth, ds, "classes", "text/csv", classes.toString(), "1,000 classes", 1000);

        StringBuilder imagesCsv = new StringBuilder(images * 24).append("image,label\n");
        int[] label = new int[images];
        for (int i = 0; i < images; i++) {
            label[i] = random.nextInt(1000);
            imagesCsv.append("img").append(i).append(".jpg,c").append(label[i]).append('\n');
        }
        upload(http, base, auth, ds, "images", "text/csv", imagesCsv.toString(), images + " images", images);

        StringBuilder predictions = new StringBuilder(images * 5 * 32).append("image,model,rank,label,probability\n");
        StringBuilder jsonl = new StringBuilder(images * 5 * 40);
        for (int i = 0; i < images; i++) {
            jsonl.append("{\"image\":\"img").append(i).append(".jpg\",\"model\":\"vit\",\"top\":[");
            for (int r = 1; r <= 5; r++) {
                int c = r == 1 && random.nextDouble() < 0.7 ? label[i] : random.nextInt(1000);
                String p = String.format(java.util.Locale.ROOT, "%.4f", 0.5 / r);
                predictions.append("img").append(i).append(".jpg,resnet,").append(r).append(",c").append(c).append(',')
                        .append(p).append('\n');
                jsonl.append(r == 1 ? "" : ",").append("{\"label\":\"c").append(c).append("\",\"probability\":").append(p).append('}');
            }
            jsonl.append("]}\n");
        }
        if (steps.contains("predictions")) {
            upload(http, base, auth, ds, "predictions", "text/csv", predictions.toString(), images * 5 + " prediction rows (CSV)", images * 5);
        }
        if (steps.contains("jsonl")) {
            upload(http, base, auth, ds, "predictions", "application/x-ndjson", jsonl.toString(), images * 5 + " predictions (JSONL)", images * 5);
        }
        if (steps.contains("shuffled")) {
            String[] lines = predictions.toString().split("\n");
            java.util.List<String> rows = new java.util.ArrayList<>(java.util.Arrays.asList(lines).subList(1, lines.length));
            java.util.Collections.shuffle(rows, new Random(11));
            StringBuilder shuffled = new StringBuilder(predictions.length()).append(lines[0]).append('\n');
            for (String row : rows) shuffled.append(row.replace(",resnet,", ",resnet-shuffled,")).append('\n');
            upload(http, base, auth, ds, "predictions", "text/csv", shuffled.toString(), images * 5 + " rows, shuffled (CSV)", images * 5);
        }
        if (!steps.contains("judgments")) {
            System.out.println("dataset: " + ds);
            return;
        }

        StringBuilder judgments = new StringBuilder(images * 10 * 30).append("image,label,annotator,answer\n");
        String[] answers = {"yes", "no", "maybe"};
        for (int i = 0; i < images; i++) {
            int first = random.nextInt(500);
            for (int a = 0; a < 5; a++) {
                String annotator = "rater-" + (first + a * 97) % 500;
                judgments.append("img").append(i).append(".jpg,c").append(label[i]).append(',').append(annotator).append(",yes\n");
                judgments.append("img").append(i).append(".jpg,c").append((label[i] + 1) % 1000).append(',').append(annotator)
                        .append(',').append(answers[random.nextInt(3)]).append('\n');
            }
        }
        upload(http, base, auth, ds, "judgments", "text/csv", judgments.toString(), images * 10 + " judgment answers", images * 10);
        System.out.println("dataset: " + ds);
    }

    private static void upload(HttpClient http, String base, String auth, String ds, String what, String type, String body,
                               String label, long rows) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/datasets/" + ds + "/" + what))
                .header("Authorization", auth).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        double cpuBefore = serverCpuSeconds();
        double dbBefore = databaseCpuSeconds();
        long start = System.nanoTime();
        send(http, request, label);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = serverCpuSeconds() - cpuBefore;
        double db = databaseCpuSeconds() - dbBefore;
        System.out.printf("%-32s %8.2f s  %,12.0f rows/s  (%.1f MB)%s%s  load %s%n", label, seconds, rows / seconds,
                body.length() / 1e6, Double.isNaN(cpu) ? "" : String.format("  server CPU %.2f s", cpu),
                Double.isNaN(db) ? "" : String.format("  database CPU %.2f s", db), load());
    }

    /** CPU seconds of the process {@code -Ddb.pid} (and its reaped children) plus its live children, or NaN. */
    private static double databaseCpuSeconds() {
        String pid = System.getProperty("db.pid");
        if (pid == null) return Double.NaN;
        double total = 0;
        try (var dirs = java.nio.file.Files.list(java.nio.file.Path.of("/proc"))) {
            for (java.nio.file.Path dir : (Iterable<java.nio.file.Path>) dirs::iterator) {
                String name = dir.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) continue;
                try {
                    String stat = java.nio.file.Files.readString(dir.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    boolean self = name.equals(pid);
                    if (!self && !f[1].equals(pid)) continue;
                    total += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    if (self) total += Long.parseLong(f[13]) + Long.parseLong(f[14]);
                } catch (Exception gone) {
                    // the process ended meanwhile
                }
            }
        } catch (Exception e) {
            return Double.NaN;
        }
        return total / 100.0;
    }

    /** utime + stime of the server process from /proc (Linux), or NaN without {@code -Dserver.pid}. */
    private static double serverCpuSeconds() {
        String pid = System.getProperty("server.pid");
        if (pid == null) return Double.NaN;
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", pid, "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    private static String load() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    private static void send(HttpClient http, HttpRequest request, String label) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(label + ": HTTP " + response.statusCode() + " " + response.body());
        }
    }
}
