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
 * java -cp target/test-classes org.relabel.bench.ImportBenchmark http://localhost:8080 admin PASSWORD [images=100000]
 * </pre>
 */
public final class ImportBenchmark {
    private ImportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String auth = "Basic " + Base64.getEncoder().encodeToString((args[1] + ":" + args[2]).getBytes(StandardCharsets.UTF_8));
        int images = args.length > 3 ? Integer.parseInt(args[3]) : 100_000;
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
        for (int i = 0; i < images; i++) {
            for (int r = 1; r <= 5; r++) {
                int c = r == 1 && random.nextDouble() < 0.7 ? label[i] : random.nextInt(1000);
                predictions.append("img").append(i).append(".jpg,resnet,").append(r).append(",c").append(c).append(',')
                        .append(String.format("%.4f", 0.5 / r)).append('\n');
            }
        }
        upload(http, base, auth, ds, "predictions", "text/csv", predictions.toString(), images * 5 + " prediction rows", images * 5);

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
        long start = System.nanoTime();
        send(http, request, label);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%-28s %8.2f s  %,12.0f rows/s  (%.1f MB)%n", label, seconds, rows / seconds, body.length() / 1e6);
    }

    private static void send(HttpClient http, HttpRequest request, String label) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(label + ": HTTP " + response.statusCode() + " " + response.body());
        }
    }
}
