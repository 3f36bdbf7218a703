package org.relabel.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.relabel.testing.TestUsers.as;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relabel.account.AccountService;
import org.relabel.testing.TestUsers;

/**
 * Real-data check: the ReaL crowd ratings of the fixture (2,000 ImageNet validation images, 82 raters),
 * turned into CLASSIFY-style responses (one JSON line per rater and image: the labels the rater answered
 * "yes" as {@code selected}, the labels the rater was asked about as {@code shown}, and as {@code main}
 * the selected label when the rater selected exactly one; "maybe" counts as not selected), imported
 * through the API and aggregated by majority. The model predictions are synthetic (ranked from each
 * image's candidate labels), since the fixture ships none. The dashboard's figures must equal an
 * independent computation, here, from the responses, with the definitions of docs/methodology.md.
 */
@QuarkusTest
class RealDataAuditTest {
    static final Path FIXTURE = Path.of("src/test/resources/fixtures/imagenet-real-subset");

    @Inject
    AccountService accounts;

    @BeforeEach
    void users() {
        TestUsers.ensure(accounts);
    }

    /** One response: image, rater, labels shown in order, labels selected. */
    record Resp(String image, String rater, List<String> shown, Set<String> selected) {
        String main() {
            return selected.size() == 1 ? selected.iterator().next() : null;
        }
    }

    /** The people's labels of one image by the documented majority definitions. */
    record Truth(Map<String, Double> sf, Set<String> valid, String main) {
    }

    @Test
    void dashboardFiguresOnRealRatingsEqualAnIndependentComputation() throws IOException {
        Map<String, String> original = new LinkedHashMap<>();
        for (String line : Files.readAllLines(FIXTURE.resolve("original_labels.csv")).subList(1, 2001)) {
            String[] f = line.split(",");
            original.put(f[0], f[1]);
        }
        Map<String, Resp> responses = new LinkedHashMap<>();
        Map<String, Double> dsScore = new HashMap<>();
        for (String line : Files.readAllLines(FIXTURE.resolve("ratings.csv")).subList(1, 75726)) {
            String[] f = line.split(",");
            Resp r = responses.computeIfAbsent(f[0] + "|" + f[2],
                    k -> new Resp(f[0], f[2], new ArrayList<>(), new LinkedHashSet<>()));
            r.shown().add(f[1]);
            if (f[3].equals("yes")) r.selected().add(f[1]);
        }
        for (String line : Files.readAllLines(FIXTURE.resolve("ds_scores.csv")).subList(1, 15146)) {
            String[] f = line.split(",");
            dsScore.put(f[0] + "|" + f[1], Double.parseDouble(f[2]));
        }
        StringBuilder jsonl = new StringBuilder();
        for (Resp r : responses.values()) {
            jsonl.append("{\"image\":\"").append(r.image()).append("\",\"annotator\":\"").append(r.rater())
                    .append("\",\"selected\":").append(array(r.selected())).append(",\"shown\":").append(array(r.shown()));
            if (r.main() != null) jsonl.append(",\"main\":\"").append(r.main()).append('"');
            jsonl.append("}\n");
        }

        // candidate labels per image (the original label is always among them) and three synthetic models
        Map<String, Set<String>> candidates = new TreeMap<>();
        responses.values().forEach(r -> candidates.computeIfAbsent(r.image(), k -> new TreeSet<>()).addAll(r.shown()));
        Map<String, Map<String, List<String>>> models = new LinkedHashMap<>();
        for (String m : List.of("copies-original", "follows-raters", "hashes")) models.put(m, new TreeMap<>());
        candidates.forEach((image, labels) -> {
            List<String> byKey = new ArrayList<>(labels);
            List<String> copy = new ArrayList<>(List.of(original.get(image)));
            byKey.stream().filter(l -> !l.equals(original.get(image))).forEach(copy::add);
            models.get("copies-original").put(image, top5(copy));
            List<String> follows = new ArrayList<>(byKey);
            follows.sort(Comparator.comparing((String l) -> -dsScore.getOrDefault(image + "|" + l, 0.0))
                    .thenComparing(Comparator.naturalOrder()));
            models.get("follows-raters").put(image, top5(follows));
            List<String> hashed = new ArrayList<>(byKey);
            hashed.sort(Comparator.comparingInt((String l) -> (image + l).hashCode()).thenComparing(Comparator.naturalOrder()));
            models.get("hashes").put(image, top5(hashed));
        });
        // the last 100 images (by key) have no prediction of "hashes": missing predictions are left out
        List<String> keys = new ArrayList<>(candidates.keySet());
        keys.subList(keys.size() - 100, keys.size()).forEach(models.get("hashes")::remove);
        StringBuilder csv = new StringBuilder("image,model,rank,label,probability\n");
        models.forEach((m, top) -> top.forEach((image, ranked) -> {
            for (int i = 0; i < ranked.size(); i++) {
                csv.append(image).append(',').append(m).append(',').append(i + 1).append(',').append(ranked.get(i))
                        .append(',').append(String.format(Locale.ROOT, "%.3f", 0.5 / (i + 1))).append('\n');
            }
        }));

        String key = "real-" + UUID.randomUUID().toString().substring(0, 8);
        as("admin").contentType("application/json").body("{}").put("/api/datasets/" + key).then().statusCode(201);
        org.relabel.testing.TestUsers.members(key);
        as("researcher").contentType("text/csv").body(Files.readAllBytes(FIXTURE.resolve("classes.csv")))
                .post("/api/datasets/" + key + "/classes").then().statusCode(200);
        as("researcher").contentType("text/csv").body(Files.readAllBytes(FIXTURE.resolve("original_labels.csv")))
                .post("/api/datasets/" + key + "/images").then().statusCode(200);
        as("researcher").contentType("text/csv").body(csv.toString().getBytes(StandardCharsets.UTF_8))
                .post("/api/datasets/" + key + "/predictions").then().statusCode(200);
        as("researcher").contentType("application/x-ndjson").body(jsonl.toString().getBytes(StandardCharsets.UTF_8))
                .post("/api/datasets/" + key + "/judgments").then().statusCode(200);
        AuditWorld.aggregate(key);

        // independent computation: SF, majority valid set, main label (methodology.md, "majority")
        Map<String, Truth> truth = new TreeMap<>();
        Map<String, List<Resp>> byImage = new TreeMap<>();
        responses.values().forEach(r -> byImage.computeIfAbsent(r.image(), k -> new ArrayList<>()).add(r));
        byImage.forEach((image, rs) -> truth.put(image, truth(rs)));

        JsonPath api = as("researcher").get("/api/datasets/" + key + "/metrics").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("copies-original", "follows-raters", "hashes"), api.getList("models.model"));
        int mi = 0;
        for (var e : models.entrySet()) {
            String p = "models[" + mi++ + "]";
            long[] top1 = new long[2], top5 = new long[2], main = new long[2], valid = new long[2], errs = new long[2];
            long[][] bucketValid = new long[3][2];
            long without = 0;
            for (String image : original.keySet()) {
                List<String> ranked = e.getValue().get(image);
                if (ranked == null) {
                    without++;
                    continue;
                }
                String o = original.get(image);
                String t = ranked.get(0);
                Truth tr = truth.get(image);
                count(top1, t.equals(o));
                count(top5, ranked.contains(o));
                if (tr.main() != null) count(main, t.equals(tr.main()));
                if (!tr.valid().isEmpty()) {
                    count(valid, tr.valid().contains(t));
                    count(bucketValid[Math.min(tr.valid().size(), 3) - 1], tr.valid().contains(t));
                    if (!t.equals(o)) count(errs, tr.valid().contains(t));
                }
            }
            assertEquals(2000, api.getInt(p + ".images"));
            assertEquals(without, api.getLong(p + ".withoutPrediction"), p);
            same(api, p + ".overall.top1", top1);
            same(api, p + ".overall.top5", top5);
            same(api, p + ".overall.mainLabel", main);
            same(api, p + ".overall.anyValid", valid);
            same(api, p + ".errorsJudgedValid", errs);
            same(api, p + ".byObjects.1.anyValid", bucketValid[0]);
            same(api, p + ".byObjects.2.anyValid", bucketValid[1]);
            same(api, p + ".byObjects.'3+'.anyValid", bucketValid[2]);
        }
        // dataset figures
        long[] multiple = new long[2], notValid = new long[2], notMain = new long[2];
        double sfSum = 0;
        long sfN = 0;
        for (var e : truth.entrySet()) {
            String o = original.get(e.getKey());
            Truth tr = e.getValue();
            count(multiple, tr.valid().size() >= 2);
            count(notValid, !tr.valid().contains(o));
            if (tr.main() != null) count(notMain, !tr.main().equals(o));
            Double sf = tr.sf().get(o);
            if (sf != null) {
                sfSum += sf;
                sfN++;
            }
        }
        assertEquals(2000, api.getInt("figures.withConsensus"));
        same(api, "figures.multipleObjects", multiple);
        same(api, "figures.originalNotValid", notValid);
        same(api, "figures.originalNotMain", notMain);
        assertEquals(sfN, api.getLong("figures.originalLabelSf.total"));
        assertEquals(sfSum / sfN, api.getDouble("figures.originalLabelSf.mean"), 1e-5);
        System.out.printf(Locale.ROOT, "ReaL fixture as CLASSIFY responses (%d lines): %.1f%% of images hold several objects, "
                        + "original label not valid on %.1f%%, not the main label on %.1f%%%n", responses.size(),
                100.0 * multiple[0] / multiple[1], 100.0 * notValid[0] / notValid[1], 100.0 * notMain[0] / notMain[1]);
        // the phenomena of the papers are present in the real data
        assertTrue(multiple[0] > 0 && notValid[0] > 0 && notMain[0] > 0);

        // the dashboard shows the same figures
        String html = as("researcher").accept("text/html").get("/datasets/" + key + "/dashboard").then().statusCode(200)
                .extract().asString();
        for (int i = 0; i < 3; i++) {
            JsonPath j = api;
            String p = "models[" + i + "].overall.";
            for (String kind : List.of("top1", "top5", "mainLabel", "anyValid")) {
                String shown = String.format(Locale.ROOT, "%.1f%%", 100 * j.getDouble(p + kind + ".value"));
                String counts = j.getInt(p + kind + ".successes") + " / " + j.getInt(p + kind + ".n");
                assertTrue(html.contains(shown) && html.contains(counts), kind + " of model " + i + ": " + shown + " " + counts);
            }
        }
        assertTrue(html.contains(String.format(Locale.ROOT, "%.1f%%", 100.0 * multiple[0] / multiple[1])));
        assertTrue(html.contains("<svg"), "charts inline");
        Response findings = as("curator").get("/api/datasets/" + key + "/findings?limit=1000&status=all");
        assertTrue(((List<?>) findings.path("findings")).size() > 0);
        assertNull(api.get("release"));
    }

    private static Truth truth(List<Resp> rs) {
        Map<String, int[]> counts = new TreeMap<>(); // label -> {selected, shown}
        Map<String, Integer> mainVotes = new HashMap<>();
        for (Resp r : rs) {
            for (String l : r.shown()) {
                int[] c = counts.computeIfAbsent(l, k -> new int[2]);
                c[1]++;
                if (r.selected().contains(l)) c[0]++;
            }
            if (r.main() != null) mainVotes.merge(r.main(), 1, Integer::sum);
        }
        Map<String, Double> sf = new TreeMap<>();
        Set<String> valid = new TreeSet<>();
        counts.forEach((l, c) -> {
            sf.put(l, (double) c[0] / c[1]);
            if (c[0] > c[1] - c[0]) valid.add(l); // yes > no (no "maybe" in CLASSIFY responses)
        });
        Comparator<String> best = Comparator.comparing((String l) -> -mainVotes.getOrDefault(l, 0))
                .thenComparing(l -> -sf.get(l)).thenComparing(Comparator.naturalOrder());
        String main = valid.stream().min(best).orElse(null);
        return new Truth(sf, valid, main);
    }

    private static void count(long[] c, boolean success) {
        c[1]++;
        if (success) c[0]++;
    }

    private static void same(JsonPath api, String path, long[] expected) {
        if (expected[1] == 0) {
            assertNull(api.get(path), path);
            return;
        }
        assertEquals(expected[0], api.getLong(path + ".successes"), path + ".successes");
        assertEquals(expected[1], api.getLong(path + ".n"), path + ".n");
        double[] ci = AuditResourceTest.wilson((int) expected[0], (int) expected[1]);
        assertEquals(ci[0], api.getDouble(path + ".lo"), 1e-9, path + ".lo");
        assertEquals(ci[1], api.getDouble(path + ".hi"), 1e-9, path + ".hi");
    }

    private static List<String> top5(List<String> ranked) {
        return List.copyOf(ranked.subList(0, Math.min(5, ranked.size())));
    }

    private static String array(java.util.Collection<String> labels) {
        StringBuilder sb = new StringBuilder("[");
        for (String l : labels) sb.append(sb.length() > 1 ? "," : "").append('"').append(l).append('"');
        return sb.append(']').toString();
    }
}
