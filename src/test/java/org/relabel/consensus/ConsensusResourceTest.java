package org.relabel.consensus;

import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.relabel.testing.TestUsers.as;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relabel.account.AccountService;
import org.relabel.testing.Jobs;
import org.relabel.testing.TestUsers;

@QuarkusTest
class ConsensusResourceTest {
    static final Path FIXTURE = Path.of("src/test/resources/fixtures/imagenet-real-subset");

    @Inject
    AccountService accounts;

    @BeforeEach
    void users() {
        TestUsers.ensure(accounts);
    }

    private static String dataset(String classesCsv, String imagesCsv) {
        String key = "cons-" + UUID.randomUUID().toString().substring(0, 8);
        as("admin").contentType("application/json").body("{}").put("/api/datasets/" + key).then().statusCode(201);
        org.relabel.testing.TestUsers.members(key);
        as("researcher").contentType("text/csv").body(classesCsv).post("/api/datasets/" + key + "/classes").then().statusCode(200);
        as("researcher").contentType("text/csv").body(imagesCsv).post("/api/datasets/" + key + "/images").then().statusCode(200);
        return key;
    }

    private static Response aggregate(String key, String body) {
        Response started = as("curator").contentType("application/json").body(body).post("/api/datasets/" + key + "/consensus");
        started.then().statusCode(202);
        Response job = Jobs.await("curator", started.path("id"), 120);
        job.then().body("state", equalTo("SUCCEEDED"));
        return job;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aggregatesClassifyStyleJudgmentsByMajority() {
        String key = dataset("key,name\ncat,Cat\ndog,Dog\nfox,Fox\n", "image,label\ni1,cat\ni2,dog\n");
        // i1: three annotators see cat and dog; all tick cat, two tick dog; main: cat, cat, dog
        String jsonl = "{\"image\":\"i1\",\"annotator\":\"a\",\"selected\":[\"cat\",\"dog\"],\"main\":\"cat\",\"shown\":[\"cat\",\"dog\",\"fox\"]}\n"
                + "{\"image\":\"i1\",\"annotator\":\"b\",\"selected\":[\"cat\",\"dog\"],\"main\":\"cat\",\"shown\":[\"dog\",\"cat\",\"fox\"]}\n"
                + "{\"image\":\"i1\",\"annotator\":\"c\",\"selected\":[\"cat\"],\"main\":\"cat\",\"shown\":[\"fox\",\"cat\",\"dog\"]}\n"
                + "{\"image\":\"i2\",\"annotator\":\"a\",\"selected\":[\"fox\"],\"main\":\"fox\"}\n"
                + "{\"image\":\"i2\",\"annotator\":\"b\",\"selected\":[\"fox\"],\"main\":\"fox\"}\n"
                + "{\"image\":\"i2\",\"annotator\":\"c\",\"selected\":[]}\n";
        as("researcher").contentType("application/x-ndjson").body(utf8(jsonl)).post("/api/datasets/" + key + "/judgments")
                .then().statusCode(200).body("judgments", equalTo(6)).body("annotators", equalTo(3)).body("images", equalTo(2))
                // i1: 3 x 3 answers; i2 without "shown": shown = labels anyone selected = {fox}: 3 answers
                .body("answers", equalTo(12));
        Response job = aggregate(key, "{\"method\":\"majority\"}");
        job.then().body("result.images", equalTo(2)).body("result.method", equalTo("majority"));
        Response page = as("researcher").get("/api/datasets/" + key + "/consensus");
        page.then().statusCode(200).body("images", hasSize(2))
                .body("images[0].image", equalTo("i1")).body("images[0].originalLabel", equalTo("cat"))
                .body("images[0].valid", equalTo(List.of("cat", "dog")))
                .body("images[0].main", equalTo("cat")).body("images[0].objects", equalTo(2))
                .body("images[0].labels.dog.sf", closeTo(2.0 / 3, 1e-6)).body("images[0].labels.fox.sf", closeTo(0.0, 1e-9))
                .body("images[0].labels.cat.main", closeTo(1.0, 1e-9)).body("images[0].judgments", equalTo(3))
                .body("images[1].valid", equalTo(List.of("fox"))).body("images[1].main", equalTo("fox"));
        as("curator").get("/api/datasets/" + key + "/images/i1").then().statusCode(200)
                .body("sections.consensus.valid", equalTo(List.of("cat", "dog")))
                .body("sections.judgments", hasSize(3))
                .body("sections.judgments[1].shown", equalTo(List.of("dog", "cat", "fox")));
        as("curator").get("/api/datasets/" + key + "/annotators").then().statusCode(200)
                .body("annotator", hasItems("a", "b", "c"));
        as("curator").get("/api/datasets/" + key).then().body("counts.judgments", equalTo(6))
                .body("counts.imagesWithConsensus", equalTo(2));
    }

    @Test
    void rejectsBadJudgmentUploadsWithLineNumbersAndStoresNothing() {
        String key = dataset("key,name\ncat,Cat\ndog,Dog\n", "image,label\ni1,cat\n");
        as("researcher").contentType("text/csv")
                .body("image,label,annotator,answer\ni1,cat,a,yes\ni1,wolf,a,no\ni9,cat,b,yes\ni1,dog,a,perhaps\ni1,cat,a,no\n")
                .post("/api/datasets/" + key + "/judgments").then().statusCode(400)
                .body("type", equalTo("urn:relabel:invalid-upload")).body("errorCount", equalTo(4))
                .body("errors[0].line", equalTo(3)).body("errors[0].column", equalTo(2))
                .body("errors[1].line", equalTo(4)).body("errors[1].column", equalTo(1))
                .body("errors[2].line", equalTo(5)).body("errors[2].column", equalTo(4))
                .body("errors[3].line", equalTo(6)).body("errors[3].message", containsString("already answered"));
        as("researcher").contentType("application/x-ndjson")
                .body(utf8("{\"image\":\"i1\",\"annotator\":\"a\",\"selected\":[\"cat\"],\"main\":\"dog\"}\n"
                        + "{\"image\":\"i1\",\"annotator\":\"b\",\"selected\":[\"dog\"],\"shown\":[\"cat\"]}\n"))
                .post("/api/datasets/" + key + "/judgments").then().statusCode(400)
                .body("errorCount", equalTo(2)).body("errors[0].line", equalTo(1)).body("errors[0].field", equalTo("main"))
                .body("errors[1].line", equalTo(2)).body("errors[1].field", equalTo("selected"));
        as("curator").get("/api/datasets/" + key).then().body("counts.judgments", equalTo(0));
    }

    @Test
    void rejectsUnknownMethodAndKeepsConsensusFromAnnotators() {
        String key = dataset("key,name\ncat,Cat\n", "image,label\ni1,cat\n");
        as("curator").contentType("application/json").body("{\"method\":\"vibes\"}").post("/api/datasets/" + key + "/consensus")
                .then().statusCode(400).body("detail", containsString("unknown method"));
        as("curator").contentType("application/json").body("{\"threshold\":1.5}").post("/api/datasets/" + key + "/consensus")
                .then().statusCode(400);
        as("annotator").get("/api/datasets/" + key + "/consensus").then().statusCode(403);
        as("annotator").get("/api/datasets/" + key + "/annotators").then().statusCode(403);
        as("researcher").contentType("application/json").body("{}").post("/api/datasets/" + key + "/consensus")
                .then().statusCode(403);
    }

    @Test
    void dawidSkeneOnRealImagenetRatingsAgreesWithPublishedReaLabels() throws IOException {
        String key = dataset(Files.readString(FIXTURE.resolve("classes.csv")), Files.readString(FIXTURE.resolve("original_labels.csv")));
        as("researcher").contentType("text/csv").body(Files.readAllBytes(FIXTURE.resolve("ratings.csv")))
                .post("/api/datasets/" + key + "/judgments").then().statusCode(200).body("answers", equalTo(75725));
        aggregate(key, "{\"method\":\"dawid-skene\",\"threshold\":0.8}").then().body("result.threshold", equalTo(0.8));
        Map<String, Set<String>> ours = new HashMap<>();
        String after = null;
        do {
            Response page = as("researcher").get("/api/datasets/" + key + "/consensus?limit=700"
                    + (after == null ? "" : "&after=" + after));
            List<Map<String, Object>> images = page.path("images");
            for (Map<String, Object> img : images) {
                @SuppressWarnings("unchecked") List<String> valid = (List<String>) img.get("valid");
                ours.put((String) img.get("image"), new HashSet<>(valid));
            }
            after = page.path("next");
        } while (after != null);
        JsonNode published = new ObjectMapper().readTree(FIXTURE.resolve("real_sets.json").toFile());
        // compare per rated (image, label) pair: valid in both or in neither
        Map<String, Set<String>> rated = new HashMap<>();
        for (String line : Files.readAllLines(FIXTURE.resolve("ratings.csv")).subList(1, 75726)) {
            String[] f = line.split(",");
            rated.computeIfAbsent(f[0], k -> new HashSet<>()).add(f[1]);
        }
        long pairs = 0;
        long agree = 0;
        for (var e : rated.entrySet()) {
            Set<String> pub = new HashSet<>();
            published.get(e.getKey()).forEach(n -> pub.add(n.asText()));
            Set<String> mine = ours.getOrDefault(e.getKey(), Set.of());
            for (String label : e.getValue()) {
                pairs++;
                if (pub.contains(label) == mine.contains(label)) agree++;
            }
        }
        double agreement = (double) agree / pairs;
        System.out.printf("ReaL fixture through the API: Dawid-Skene (0.8) agrees with published sets on %.2f%% of %d pairs%n",
                100 * agreement, pairs);
        assertEquals(15145, pairs);
        assertEquals(2000, ours.size());
        assertTrue(agreement >= 0.97, "agreement " + agreement);
    }
}
