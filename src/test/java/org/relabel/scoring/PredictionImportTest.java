package org.relabel.scoring;

import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.relabel.testing.TestUsers.as;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relabel.account.AccountService;
import org.relabel.testing.TestUsers;

@QuarkusTest
class PredictionImportTest {
    @Inject
    AccountService accounts;

    String key;

    @BeforeEach
    void dataset() {
        TestUsers.ensure(accounts);
        key = "pred-" + UUID.randomUUID().toString().substring(0, 8);
        as("admin").contentType("application/json").body("{}").put("/api/datasets/" + key).then().statusCode(201);
        org.relabel.testing.TestUsers.members(key);
        as("researcher").contentType("text/csv").body("key,name\ncat,Cat\ndog,Dog\nfox,Fox\n")
                .post("/api/datasets/" + key + "/classes").then().statusCode(200);
        as("researcher").contentType("text/csv").body("image,label\ni1,cat\ni2,dog\ni3,fox\ni4,cat\n")
                .post("/api/datasets/" + key + "/images").then().statusCode(200);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void importsCsvPredictionsAndReportsAccuracyVsOriginalLabels() {
        // model a: top-1 right on i1, i2; i3 right only at rank 2; i4 wrong everywhere -> top1 2/4, top5 3/4
        String csv = "image,model,rank,label,probability\n"
                + "i1,a,1,cat,0.9\ni1,a,2,dog,0.1\n"
                + "i2,a,1,dog,0.8\n"
                + "i3,a,1,cat,0.6\ni3,a,2,fox,0.4\n"
                + "i4,a,1,dog,0.7\ni4,a,2,fox,\n";
        as("researcher").contentType("text/csv").body(csv).post("/api/datasets/" + key + "/predictions")
                .then().statusCode(200).body("rows", equalTo(7)).body("predictions", equalTo(7)).body("models", equalTo(1))
                .body("images", equalTo(4));
        as("curator").get("/api/datasets/" + key + "/models").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].name", equalTo("a")).body("[0].format", equalTo("IMPORTED"))
                .body("[0].topK", equalTo(2)).body("[0].scoredImages", equalTo(4))
                .body("[0].top1.successes", equalTo(2)).body("[0].top1.n", equalTo(4))
                .body("[0].top5.successes", equalTo(3))
                // Wilson 2/4: centre (0.5 + 1.92/4)/(1 + 3.84/4) = 0.5, half-width ~ 0.3498
                .body("[0].top1.lo", closeTo(0.150, 0.002)).body("[0].top1.hi", closeTo(0.850, 0.002));
        as("curator").get("/api/datasets/" + key + "/images/i3").then().statusCode(200)
                .body("sections.predictions.a", hasSize(2))
                .body("sections.predictions.a[0].label", equalTo("cat"))
                .body("sections.predictions.a[1].probability", closeTo(0.4, 1e-9));
        as("curator").get("/api/datasets/" + key).then().body("counts.models", equalTo(1));
    }

    @Test
    void importsJsonLinesAndReplacesEarlierPredictionsOfTheSameImages() {
        as("researcher").contentType("application/x-ndjson")
                .body(bytes("{\"image\":\"i1\",\"model\":\"b\",\"top\":[{\"label\":\"dog\",\"probability\":0.7},{\"label\":\"cat\",\"probability\":0.2}]}\n"
                        + "\n{\"image\":\"i2\",\"model\":\"b\",\"top\":[{\"label\":\"dog\",\"probability\":0.9}]}\n"))
                .post("/api/datasets/" + key + "/predictions").then().statusCode(200).body("predictions", equalTo(3));
        as("researcher").contentType("application/x-ndjson")
                .body(bytes("{\"image\":\"i1\",\"model\":\"b\",\"top\":[{\"label\":\"cat\",\"probability\":0.95}]}\n"))
                .post("/api/datasets/" + key + "/predictions").then().statusCode(200);
        as("curator").get("/api/datasets/" + key + "/images/i1").then()
                .body("sections.predictions.b", hasSize(1)).body("sections.predictions.b[0].label", equalTo("cat"));
        as("curator").get("/api/datasets/" + key + "/models").then()
                .body("[0].top1.successes", equalTo(2)).body("[0].scoredImages", equalTo(2));
    }

    @Test
    void rejectsBadCsvRowsNamingLineAndColumnAndStoresNothing() {
        String csv = "image,model,rank,label,probability\n"
                + "i1,a,1,cat,0.9\n"
                + "nope,a,1,cat,0.5\n"
                + "i2,a,0,dog,0.5\n"
                + "i2,a,1,wolf,0.5\n"
                + "i3,a,1,cat,1.5\n"
                + "i1,a,1,dog,0.1\n";
        as("researcher").contentType("text/csv").body(csv).post("/api/datasets/" + key + "/predictions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:relabel:invalid-upload")).body("errorCount", equalTo(5))
                .body("errors[0].line", equalTo(3)).body("errors[0].column", equalTo(1))
                .body("errors[1].line", equalTo(4)).body("errors[1].column", equalTo(3))
                .body("errors[2].line", equalTo(5)).body("errors[2].message", containsString("unknown class 'wolf'"))
                .body("errors[3].line", equalTo(6)).body("errors[3].column", equalTo(5))
                .body("errors[4].line", equalTo(7)).body("errors[4].message", containsString("duplicate rank 1"));
        as("curator").get("/api/datasets/" + key + "/models").then().body("$", hasSize(0));
    }

    @Test
    void rejectsMalformedJsonLineWithLineNumber() {
        as("researcher").contentType("application/x-ndjson")
                .body(bytes("{\"image\":\"i1\",\"model\":\"b\",\"top\":[\"cat\"]}\n{\"image\": \"i2\", \"model\": \n"))
                .post("/api/datasets/" + key + "/predictions").then().statusCode(400)
                .body("errors[0].line", equalTo(2)).body("detail", containsString("malformed JSON"));
        as("researcher").contentType("application/x-ndjson").body(bytes("{\"image\":\"i1\",\"model\":\"b\"}\n"))
                .post("/api/datasets/" + key + "/predictions").then().statusCode(400)
                .body("errors[0].field", equalTo("top"));
        as("curator").get("/api/datasets/" + key + "/models").then().body("$", hasSize(0));
    }

    /** A dataset of many labels-only images i0..i{n-1}, original label c{i % 7}. */
    private String bigDataset(int images) {
        String big = "pred-big-" + UUID.randomUUID().toString().substring(0, 8);
        as("admin").contentType("application/json").body("{}").put("/api/datasets/" + big).then().statusCode(201);
        TestUsers.members(big);
        StringBuilder classes = new StringBuilder("key,name\n");
        for (int c = 0; c < 7; c++) classes.append('c').append(c).append(",C").append(c).append('\n');
        as("researcher").contentType("text/csv").body(classes.toString()).post("/api/datasets/" + big + "/classes").then().statusCode(200);
        StringBuilder rows = new StringBuilder("image,label\n");
        for (int i = 0; i < images; i++) rows.append('i').append(i).append(",c").append(i % 7).append('\n');
        as("researcher").contentType("text/csv").body(rows.toString()).post("/api/datasets/" + big + "/images").then().statusCode(200);
        return big;
    }

    @Test
    void storesThousandsOfShuffledRowsOfSeveralModelsExactlyAsUploaded() {
        int images = 700;
        String big = bigDataset(images);
        java.util.Random random = new java.util.Random(42);
        java.util.List<String> rows = new java.util.ArrayList<>();
        java.util.Map<String, int[]> hits = new java.util.HashMap<>(); // model -> {top1, top5}
        java.util.Map<String, String> expected = new java.util.HashMap<>(); // "model/image" -> "rank:label:p,..."
        for (String model : java.util.List.of("alpha", "beta")) {
            int[] h = hits.computeIfAbsent(model, k -> new int[2]);
            for (int i = 0; i < images; i++) {
                java.util.List<Integer> labels = new java.util.ArrayList<>(java.util.List.of(0, 1, 2, 3, 4, 5, 6));
                java.util.Collections.shuffle(labels, random);
                StringBuilder exp = new StringBuilder();
                for (int r = 1; r <= 3; r++) {
                    int c = labels.get(r - 1);
                    String p = r == 3 && i % 5 == 0 ? "" : String.valueOf((4 - r) / 10.0);
                    rows.add("i" + i + "," + model + "," + r + ",c" + c + "," + p);
                    exp.append(r).append(":c").append(c).append(':').append(p.isEmpty() ? "null" : Double.valueOf(p)).append(',');
                    if (c == i % 7) {
                        if (r == 1) h[0]++;
                        h[1]++;
                    }
                }
                expected.put(model + "/i" + i, exp.toString());
            }
        }
        java.util.Collections.shuffle(rows, random);
        String csv = "image,model,rank,label,probability\n" + String.join("\n", rows) + "\n";
        as("researcher").contentType("text/csv").body(csv).post("/api/datasets/" + big + "/predictions").then().statusCode(200)
                .body("rows", equalTo(rows.size())).body("predictions", equalTo(rows.size())).body("models", equalTo(2))
                .body("images", equalTo(images));
        io.restassured.response.Response models = as("curator").get("/api/datasets/" + big + "/models");
        for (String model : java.util.List.of("alpha", "beta")) {
            String m = "find { it.name == '" + model + "' }.";
            models.then().body(m + "scoredImages", equalTo(images)).body(m + "topK", equalTo(3))
                    .body(m + "top1.successes", equalTo(hits.get(model)[0])).body(m + "top5.successes", equalTo(hits.get(model)[1]));
        }
        for (int i = 0; i < images; i += 97) {
            io.restassured.path.json.JsonPath detail = as("curator").get("/api/datasets/" + big + "/images/i" + i).jsonPath();
            for (String model : java.util.List.of("alpha", "beta")) {
                StringBuilder got = new StringBuilder();
                for (java.util.Map<String, Object> r : detail.<java.util.Map<String, Object>>getList("sections.predictions." + model)) {
                    got.append(((Number) r.get("rank")).intValue()).append(':').append(r.get("label")).append(':')
                            .append(r.get("probability") == null ? "null" : ((Number) r.get("probability")).doubleValue()).append(',');
                }
                org.junit.jupiter.api.Assertions.assertEquals(expected.get(model + "/i" + i), got.toString(), model + " i" + i);
            }
        }

        // a later upload replaces exactly the ranks of the images it names, even across chunks
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < images; i += 2) {
            jsonl.append("{\"image\":\"i").append(i).append("\",\"model\":\"alpha\",\"top\":[{\"label\":\"c")
                    .append(i % 7).append("\",\"probability\":0.99}]}\n");
        }
        as("researcher").contentType("application/x-ndjson").body(bytes(jsonl.toString()))
                .post("/api/datasets/" + big + "/predictions").then().statusCode(200).body("predictions", equalTo(images / 2));
        as("curator").get("/api/datasets/" + big + "/images/i0").then().body("sections.predictions.alpha", hasSize(1))
                .body("sections.predictions.alpha[0].label", equalTo("c0")).body("sections.predictions.beta", hasSize(3));
        as("curator").get("/api/datasets/" + big + "/images/i1").then().body("sections.predictions.alpha", hasSize(3));
        int oddTop1 = 0;
        for (int i = 1; i < images; i += 2) {
            if (expected.get("alpha/i" + i).startsWith("1:c" + (i % 7) + ":")) oddTop1++;
        }
        as("curator").get("/api/datasets/" + big + "/models").then()
                .body("find { it.name == 'alpha' }.scoredImages", equalTo(images))
                .body("find { it.name == 'alpha' }.top1.successes", equalTo(images / 2 + oddTop1));
    }

    @Test
    void aBadRowAfterChunksWereWrittenStillStoresNothing() {
        String big = bigDataset(1500);
        StringBuilder csv = new StringBuilder("image,model,rank,label,probability\n");
        for (int i = 0; i < 1500; i++) csv.append('i').append(i).append(",gamma,1,c").append(i % 7).append(",0.5\n");
        csv.append("i7,gamma,2,no-such-class,0.1\n");
        as("researcher").contentType("text/csv").body(csv.toString()).post("/api/datasets/" + big + "/predictions")
                .then().statusCode(400).body("errorCount", equalTo(1)).body("errors[0].line", equalTo(1502))
                .body("errors[0].message", containsString("unknown class 'no-such-class'"));
        as("curator").get("/api/datasets/" + big + "/models").then().body("$", hasSize(0));
        as("curator").get("/api/datasets/" + big + "/images/i7").then().body("sections.predictions.size()", equalTo(0));
    }

    @Test
    void annotatorsCannotSeeModelsOrUploadPredictions() {
        as("annotator").get("/api/datasets/" + key + "/models").then().statusCode(403);
        as("annotator").contentType("text/csv").body("image,model,rank,label,probability\n")
                .post("/api/datasets/" + key + "/predictions").then().statusCode(403);
        as("curator").contentType("text/csv").body("image,model,rank,label,probability\n")
                .post("/api/datasets/" + key + "/predictions").then().statusCode(403);
    }
}
