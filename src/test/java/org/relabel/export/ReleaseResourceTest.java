package org.relabel.export;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.relabel.testing.TestUsers.as;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relabel.account.Account;
import org.relabel.account.AccountService;
import org.relabel.testing.Jobs;
import org.relabel.testing.TestUsers;
import org.relabel.upload.CsvReader;

@QuarkusTest
class ReleaseResourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OUTSIDER = "release-outsider";

    @Inject
    AccountService accounts;

    @BeforeEach
    void users() {
        TestUsers.ensure(accounts);
        boolean exists = QuarkusTransaction.requiringNew().call(() -> Account.byUsername(OUTSIDER).isPresent());
        if (!exists) accounts.create(OUTSIDER, TestUsers.PASSWORD, List.of("researcher"), "Outsider");
    }

    // ---------------------------------------------------------------- helpers

    static byte[] download(String key, String version, String file) {
        return as("researcher").get("/api/datasets/{d}/releases/{v}/{f}", key, version, file).then().statusCode(200)
                .extract().asByteArray();
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** The rows of a CSV file as maps column to value, parsed with the upload reader. */
    static List<Map<String, String>> csv(byte[] bytes) throws Exception {
        List<Map<String, String>> rows = new ArrayList<>();
        try (CsvReader r = new CsvReader(new StringReader(new String(bytes, StandardCharsets.UTF_8)))) {
            CsvReader.Row row;
            while ((row = r.next()) != null) {
                Map<String, String> m = new LinkedHashMap<>();
                for (int i = 0; i < r.header().size(); i++) m.put(r.header().get(i), row.get(i) == null ? "" : row.get(i));
                rows.add(m);
            }
        }
        return rows;
    }

    static Set<String> annotators(byte[] judgmentsCsv) throws Exception {
        Set<String> out = new TreeSet<>();
        csv(judgmentsCsv).forEach(r -> out.add(r.get("annotator")));
        return out;
    }

    static Map<String, Map<String, String>> byImage(List<Map<String, String>> rows) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        rows.forEach(r -> out.put(r.get("image"), r));
        return out;
    }

    static Map<String, List<String>> labelsJson(byte[] bytes) throws Exception {
        return JSON.readValue(bytes, new TypeReference<LinkedHashMap<String, List<String>>>() {
        });
    }

    static JsonPath metrics(String key, String release) {
        Response r = as("researcher").queryParam("release", release).get("/api/datasets/{d}/metrics", key);
        r.then().statusCode(200);
        return r.jsonPath();
    }

    private static void proportion(JsonPath json, String path, int successes, int n) {
        assertEquals(successes, json.getInt(path + ".successes"), path + ".successes");
        assertEquals(n, json.getInt(path + ".n"), path + ".n");
    }

    // ---------------------------------------------------------------- tests

    @Test
    void freezesTheReviewedLabelsWithProvenanceAndChecksums() throws Exception {
        String key = ReleaseWorld.create();
        Response created = as("researcher").contentType("application/json")
                .body("{\"notes\":\"first relabeling\",\"authors\":\"A. Researcher\"}").post("/api/datasets/{d}/releases", key);
        created.then().statusCode(201).header("Location", containsString("/api/datasets/" + key + "/releases/v1"))
                .body("version", equalTo(1)).body("name", equalTo("v1")).body("warnings", hasSize(0));

        // labels.json: the ReaL format, by image
        Map<String, List<String>> labels = labelsJson(download(key, "v1", "labels.json"));
        Map<String, List<String>> want = new LinkedHashMap<>();
        want.put("i1", List.of("cat"));
        want.put("i2", List.of("cat", "dog"));
        want.put("i3", List.of("dog"));
        want.put("i4", List.of());
        want.put("i5", List.of("owl"));
        want.put(ReleaseWorld.ODD, List.of("dog"));
        assertEquals(new TreeMap<>(want), new TreeMap<>(labels));

        // labels.csv: one row per image with main label, judgments and status
        Map<String, Map<String, String>> rows = byImage(csv(download(key, "v1", "labels.csv")));
        assertEquals(List.of("image", "original_label", "main_label", "valid_labels", "judgments", "confidence", "status"),
                List.copyOf(rows.get("i1").keySet()));
        assertEquals("cat dog", rows.get("i2").get("valid_labels"));
        assertEquals("cat", rows.get("i2").get("main_label"));
        assertEquals("3", rows.get("i2").get("judgments"));
        assertEquals("consensus", rows.get("i2").get("status"));
        assertEquals("kept_original", rows.get("i3").get("status"));
        assertEquals("dog", rows.get("i3").get("main_label"));
        assertEquals("", rows.get("i4").get("main_label"));
        assertEquals("original", rows.get("i5").get("status"));
        assertEquals("owl", rows.get("i5").get("main_label"));
        assertEquals("0", rows.get("i5").get("judgments"));
        assertEquals("", rows.get("i5").get("confidence"));
        assertEquals("cat", rows.get(ReleaseWorld.ODD).get("original_label"));
        assertEquals("dog", rows.get(ReleaseWorld.ODD).get("main_label"));

        // the manifest: provenance, counts, and the SHA-256 of every other file, recomputed here
        byte[] manifestBytes = download(key, "v1", "manifest.json");
        JsonNode m = JSON.readTree(manifestBytes);
        assertEquals("relabel-release/1", m.get("format").asText());
        assertEquals(key, m.at("/dataset/key").asText());
        assertEquals(1, m.get("version").asInt());
        assertEquals("test-researcher", m.get("createdBy").asText());
        assertEquals("A. Researcher", m.get("authors").asText());
        assertEquals("first relabeling", m.get("notes").asText());
        assertEquals(ConfigProvider.getConfig().getValue("quarkus.application.version", String.class),
                m.at("/app/version").asText());
        assertEquals("majority", m.at("/aggregation/method").asText());
        assertEquals(0.5, m.at("/aggregation/threshold").asDouble(), 1e-12);
        assertEquals(0.5, m.at("/aggregation/params/threshold").asDouble(), 1e-12);
        assertEquals(15, m.at("/aggregation/judgments").asInt(), "15 responses; d's per-label answers are not one");
        assertEquals(0.3, m.at("/findingThresholds/labelErrorMaxOriginalSf").asDouble(), 1e-12);
        assertEquals(6, m.at("/counts/images").asInt());
        assertEquals(3, m.at("/counts/relabeled").asInt(), "i2, i4 and the odd one");
        assertEquals(16, m.at("/counts/judgments").asInt());
        assertEquals(32, m.at("/counts/answers").asInt());
        assertEquals(4, m.at("/counts/annotators").asInt());
        assertEquals(1, m.at("/counts/decisions").asInt());
        assertEquals(Map.of("consensus", 4, "kept_original", 1, "original", 1),
                JSON.convertValue(m.at("/counts/byStatus"), new TypeReference<Map<String, Integer>>() {
                }));
        assertEquals(1, m.at("/decisions/byDecision/kept_original").asInt());
        assertEquals(16, m.at("/judgments/sources/import").asInt());
        assertEquals(2, m.at("/judgments/imports").size(), "two uploads");
        assertEquals(0, m.at("/judgments/campaigns").size());
        assertEquals(0, m.at("/judgments/excluded").asInt());
        assertTrue(m.at("/judgments/pseudonymous").asBoolean());
        Set<String> names = new TreeSet<>();
        for (JsonNode f : m.get("files")) {
            String name = f.get("name").asText();
            names.add(name);
            byte[] bytes = download(key, "v1", name);
            assertEquals(sha256(bytes), f.get("sha256").asText(), name);
            assertEquals(bytes.length, f.get("bytes").asLong(), name);
        }
        assertEquals(new TreeSet<>(List.of("labels.csv", "labels.json", "decisions.csv", "judgments.csv",
                "label-studio.json", "label-studio.xml")), names);

        // the API lists every file, manifest included, with the same checksums; the manifest's is the citation's
        JsonPath release = as("researcher").get("/api/datasets/{d}/releases/v1", key).then().statusCode(200).extract().jsonPath();
        assertEquals(sha256(manifestBytes), release.getString("manifestSha256"));
        assertEquals(7, release.getList("files").size());
        for (Map<String, Object> f : release.<Map<String, Object>>getList("files")) {
            assertEquals(sha256(download(key, "v1", (String) f.get("name"))), f.get("sha256"), (String) f.get("name"));
        }
        assertEquals(6, release.getInt("images"));
        assertEquals(3, release.getInt("relabeled"));
        assertEquals("majority", release.getString("method"));
        as("researcher").get("/api/datasets/{d}/releases", key).then().statusCode(200).body("name", equalTo(List.of("v1")));
        as("researcher").get("/api/datasets/{d}", key).then().body("counts.releases", equalTo(1));

        // decisions.csv holds the curator's decision; judgments.csv names annotators by pseudonym only
        List<Map<String, String>> decisions = csv(download(key, "v1", "decisions.csv"));
        assertEquals(1, decisions.size());
        assertEquals("i3", decisions.get(0).get("image"));
        assertEquals("kept_original", decisions.get(0).get("decision"));
        assertEquals("test-curator", decisions.get(0).get("curator"));
        Set<String> annotators = annotators(download(key, "v1", "judgments.csv"));
        assertEquals(4, annotators.size());
        annotators.forEach(a -> assertTrue(a.matches("annotator-[0-9a-f]{16}"), a));
    }

    @Test
    void laterJudgmentsAndDecisionsNeverChangeARelease() throws Exception {
        String key = ReleaseWorld.create();
        assertEquals(1, ReleaseWorld.freeze(key));
        Map<String, byte[]> before = new HashMap<>();
        for (String f : List.of("labels.json", "labels.csv", "manifest.json", "judgments.csv", "label-studio.json",
                "decisions.csv")) {
            before.put(f, download(key, "v1", f));
        }
        String v1 = as("researcher").get("/api/datasets/{d}/releases/v1", key).asString();
        JsonPath metricsV1 = metrics(key, "v1");

        // after v1: i2 excluded, the odd image set by hand, i5 judged and aggregated again
        ReleaseWorld.decide(key, "i2", "{\"decision\":\"EXCLUDED\"}");
        ReleaseWorld.decide(key, ReleaseWorld.ODD, "{\"decision\":\"SET_BY_HAND\",\"valid\":[\"dog\",\"cat\"],\"main\":\"cat\"}");
        ReleaseWorld.judgments(key, "application/x-ndjson",
                ReleaseWorld.line("i5", "a", "[\"fox\"]", "fox", "[\"owl\",\"fox\"]")
                        + ReleaseWorld.line("i5", "b", "[\"fox\"]", "fox", "[\"fox\",\"owl\"]")
                        + ReleaseWorld.line("i5", "c", "[\"fox\"]", "fox", "[\"owl\",\"fox\"]"));
        ReleaseWorld.aggregate(key);
        assertEquals(2, ReleaseWorld.freeze(key));

        for (Map.Entry<String, byte[]> e : before.entrySet()) {
            assertArrayEquals(e.getValue(), download(key, "v1", e.getKey()), e.getKey() + " of v1 changed");
        }
        assertEquals(v1, as("researcher").get("/api/datasets/{d}/releases/v1", key).asString());
        assertNotEquals(sha256(before.get("labels.json")), sha256(download(key, "v2", "labels.json")));
        Map<String, List<String>> v2 = labelsJson(download(key, "v2", "labels.json"));
        assertEquals(List.of(), v2.get("i2"));
        assertEquals(List.of("cat", "dog"), v2.get(ReleaseWorld.ODD));
        assertEquals(List.of("fox"), v2.get("i5"));
        assertEquals(annotators(before.get("judgments.csv")), annotators(download(key, "v2", "judgments.csv")),
                "the same pseudonyms in every release of a dataset");
        // nothing edits or deletes a release
        as("researcher").contentType("application/json").body("{}").put("/api/datasets/{d}/releases/v1", key)
                .then().statusCode(anyOf(is(404), is(405)));
        as("admin").delete("/api/datasets/{d}/releases/v1", key).then().statusCode(anyOf(is(404), is(405)));
        as("admin").delete("/api/datasets/{d}/releases/v1/labels.csv", key).then().statusCode(anyOf(is(404), is(405)));

        // metrics against v1 are those of v1's labels, whatever happened since (model M, hand-computed)
        assertEquals(metricsV1.prettify(), metrics(key, "v1").prettify());
        assertEquals("v1", metricsV1.getString("release"));
        assertEquals("release", metricsV1.getString("labels"));
        proportion(metricsV1, "models[0].overall.top1", 3, 6);      // i1 i3 i5
        proportion(metricsV1, "models[0].overall.anyValid", 5, 5);  // i4 has no valid label
        proportion(metricsV1, "models[0].overall.mainLabel", 4, 5); // i2: main cat, M says dog
        assertEquals(1, metricsV1.getInt("figures.reviewStatus.KEPT_ORIGINAL"));
        JsonPath metricsV2 = metrics(key, "2");
        assertEquals("v2", metricsV2.getString("release"));
        assertEquals(5, metricsV2.getInt("models[0].images"), "i2 excluded");
        proportion(metricsV2, "models[0].overall.top1", 3, 5);      // i1 i3 i5
        proportion(metricsV2, "models[0].overall.anyValid", 3, 4);  // i1 i3 odd; i5 is fox now
        proportion(metricsV2, "models[0].overall.mainLabel", 2, 4); // i1 i3
        JsonPath current = as("researcher").get("/api/datasets/{d}/metrics", key).then().statusCode(200).extract().jsonPath();
        assertNull(current.get("release"));
        assertEquals("reviewed", current.getString("labels"));

        // the diff v1 -> v2 (the default "from" is the previous release)
        JsonPath diff = as("researcher").get("/api/datasets/{d}/releases/v2/diff", key).then().statusCode(200)
                .extract().jsonPath();
        assertEquals("v1", diff.getString("from"));
        assertEquals("v2", diff.getString("to"));
        assertEquals(3, diff.getInt("changed"));
        assertEquals(3, diff.getInt("unchanged"));
        assertEquals(List.of("i2", "i5", ReleaseWorld.ODD), diff.getList("changes.image"));
        assertEquals(List.of("EXCLUDED"), diff.getList("changes[0].reasons"));
        assertEquals(List.of("VALID_LABELS", "MAIN_LABEL"), diff.getList("changes[1].reasons"));
        assertEquals("original", diff.getString("changes[1].before.status"));
        assertEquals("consensus", diff.getString("changes[1].after.status"));
        assertEquals(List.of("dog"), diff.getList("changes[2].before.valid"));
        assertEquals(List.of("cat", "dog"), diff.getList("changes[2].after.valid"));
        assertEquals(1, diff.getInt("byReason.EXCLUDED"));
        assertEquals(2, diff.getInt("byReason.VALID_LABELS"));
        assertEquals(2, diff.getInt("byReason.MAIN_LABEL"));
        assertEquals(0, diff.getInt("byReason.ADDED"));
        assertEquals(3, diff.getList("transitions").size());

        // judgments that came after the last aggregation are reported
        ReleaseWorld.judgments(key, "application/x-ndjson", ReleaseWorld.line("i1", "e", "[\"cat\"]", "cat", "[\"cat\"]"));
        as("researcher").contentType("application/json").body("{}").post("/api/datasets/{d}/releases", key).then()
                .statusCode(201).body("version", equalTo(3))
                .body("warnings[0]", containsString("1 judgments arrived after the last aggregation"));
        assertEquals(1, JSON.readTree(download(key, "v3", "manifest.json")).at("/judgments/sinceAggregation").asInt());
    }

    @Test
    void diffAgainstTheOriginalLabelsListsRelabeledImagesByReasonAndPages() {
        String key = ReleaseWorld.create();
        ReleaseWorld.freeze(key);
        JsonPath d = as("researcher").get("/api/datasets/{d}/releases/1/diff?from=original", key).then().statusCode(200)
                .extract().jsonPath();
        assertEquals("original", d.getString("from"));
        assertEquals(List.of("i2", "i4", ReleaseWorld.ODD), d.getList("changes.image"));
        assertEquals(3, d.getInt("byReason.VALID_LABELS"));
        assertEquals(2, d.getInt("byReason.MAIN_LABEL"));
        assertEquals(1, d.getInt("unchanged"), "i5");
        assertEquals(2, d.getInt("statusOnly"), "i1 (consensus agrees), i3 (original kept)");
        assertEquals(List.of("cat"), d.getList("changes[0].before.valid"));
        // the first release's default "from" is the original labels
        as("researcher").get("/api/datasets/{d}/releases/v1/diff", key).then().body("from", equalTo("original"));
        // one reason, paged
        JsonPath page1 = as("researcher").get("/api/datasets/{d}/releases/v1/diff?from=original&reason=main_label&limit=1", key)
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("i4"), page1.getList("changes.image"));
        assertEquals("i4", page1.getString("next"));
        JsonPath page2 = as("researcher").queryParam("from", "original").queryParam("reason", "MAIN_LABEL")
                .queryParam("limit", 1).queryParam("after", page1.getString("next"))
                .get("/api/datasets/{d}/releases/v1/diff", key).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(ReleaseWorld.ODD), page2.getList("changes.image"));
        assertNull(page2.get("next"));
        as("researcher").get("/api/datasets/{d}/releases/v1/diff?reason=nonsense", key).then().statusCode(400)
                .body("type", equalTo("urn:relabel:bad-request"));
        as("researcher").get("/api/datasets/{d}/releases/v1/diff?from=v7", key).then().statusCode(404);
    }

    @Test
    void theLongJudgmentsFileImportsBackIntoTheJudgmentsEndpoint() throws Exception {
        String key = ReleaseWorld.create();
        ReleaseWorld.freeze(key);
        byte[] exported = download(key, "v1", "judgments.csv");
        String copy = ReleaseWorld.empty("roundtrip");
        as("researcher").contentType("text/csv").body(exported).post("/api/datasets/{d}/judgments", copy).then()
                .statusCode(200).body("judgments", equalTo(16)).body("answers", equalTo(32))
                .body("annotators", equalTo(4));
        ReleaseWorld.freeze(copy);
        byte[] again = download(copy, "v1", "judgments.csv");
        assertEquals(answersByAnnotator(exported), answersByAnnotator(again));
        Set<String> shared = annotators(exported);
        shared.retainAll(annotators(again));
        assertEquals(Set.of(), shared, "pseudonyms differ between datasets");
    }

    /** Each annotator's answers as a set of "image|label|answer", the sets sorted (annotator names aside). */
    private static List<String> answersByAnnotator(byte[] judgmentsCsv) throws Exception {
        Map<String, Set<String>> by = new TreeMap<>();
        for (Map<String, String> r : csv(judgmentsCsv)) {
            by.computeIfAbsent(r.get("annotator"), k -> new TreeSet<>())
                    .add(r.get("image") + "|" + r.get("label") + "|" + r.get("answer"));
        }
        return by.values().stream().map(Object::toString).sorted().toList();
    }

    @Test
    void labelsJsonImportsBackAsJudgmentsAndAggregatesToTheSameLabels() throws Exception {
        String key = ReleaseWorld.create();
        ReleaseWorld.freeze(key);
        Map<String, List<String>> labels = labelsJson(download(key, "v1", "labels.json"));
        Map<String, Map<String, String>> rows = byImage(csv(download(key, "v1", "labels.csv")));
        StringBuilder jsonl = new StringBuilder();
        for (Map.Entry<String, List<String>> e : labels.entrySet()) {
            Set<String> shown = new LinkedHashSet<>(e.getValue());
            shown.add(rows.get(e.getKey()).get("original_label"));
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("image", e.getKey());
            line.put("annotator", "release-v1");
            line.put("selected", e.getValue());
            line.put("shown", shown);
            String main = rows.get(e.getKey()).get("main_label");
            if (!main.isEmpty()) line.put("main", main);
            jsonl.append(JSON.writeValueAsString(line)).append('\n');
        }
        String copy = ReleaseWorld.empty("roundtrip");
        ReleaseWorld.judgments(copy, "application/x-ndjson", jsonl.toString());
        ReleaseWorld.aggregate(copy);
        ReleaseWorld.freeze(copy);
        assertEquals(labels, labelsJson(download(copy, "v1", "labels.json")));
        Map<String, Map<String, String>> again = byImage(csv(download(copy, "v1", "labels.csv")));
        for (String image : labels.keySet()) {
            assertEquals(rows.get(image).get("main_label"), again.get(image).get("main_label"), image);
        }
    }

    @Test
    void filesAreServedWithTheirSha256AsEtagAndForDownload() throws Exception {
        String key = ReleaseWorld.create();
        ReleaseWorld.freeze(key);
        byte[] csv = download(key, "v1", "labels.csv");
        String sha = sha256(csv);
        Response r = as("researcher").get("/api/datasets/{d}/releases/v1/labels.csv", key);
        r.then().statusCode(200).header("ETag", equalTo("\"" + sha + "\""))
                .header("Content-Type", containsString("text/csv"))
                .header("Content-Disposition", containsString("attachment; filename=\"" + key + "-v1-labels.csv\""))
                .header("Repr-Digest", equalTo("sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha)) + ":"))
                .header("Cache-Control", containsString("max-age"));
        as("researcher").header("If-None-Match", "\"" + sha + "\"").get("/api/datasets/{d}/releases/v1/labels.csv", key)
                .then().statusCode(304);
        as("researcher").header("If-None-Match", "\"other\"").get("/api/datasets/{d}/releases/v1/labels.csv", key)
                .then().statusCode(200);
        as("researcher").get("/api/datasets/{d}/releases/v1/labels.json", key).then().statusCode(200)
                .header("Content-Type", containsString("application/json"));
        as("researcher").get("/api/datasets/{d}/releases/v1/secrets.txt", key).then().statusCode(404)
                .body("type", equalTo("urn:relabel:not-found"));
        as("researcher").get("/api/datasets/{d}/releases/v1/..%2F..%2Fdb", key).then().statusCode(404);
    }

    @Test
    void annotatorsNonMembersUnknownReleasesAndBadRequestsAreRefused() {
        String key = ReleaseWorld.create();
        ReleaseWorld.freeze(key);
        as("annotator").get("/api/datasets/{d}/releases", key).then().statusCode(403);
        as("annotator").get("/api/datasets/{d}/releases/v1/labels.csv", key).then().statusCode(403);
        as("annotator").get("/api/datasets/{d}/releases/v1/diff", key).then().statusCode(403);
        as("annotator").contentType("application/json").body("{}").post("/api/datasets/{d}/releases", key).then()
                .statusCode(403);
        given().auth().preemptive().basic(OUTSIDER, TestUsers.PASSWORD).get("/api/datasets/{d}/releases/v1/labels.json", key)
                .then().statusCode(404);
        given().auth().preemptive().basic(OUTSIDER, TestUsers.PASSWORD).contentType("application/json").body("{}")
                .post("/api/datasets/{d}/releases", key).then().statusCode(404);
        as("curator").get("/api/datasets/{d}/releases/v1/labels.json", key).then().statusCode(200);
        as("admin").get("/api/datasets/{d}/releases/v1/labels.json", key).then().statusCode(200);
        for (String unknown : List.of("v2", "0", "latest", "v-1")) {
            as("researcher").get("/api/datasets/{d}/releases/{v}", key, unknown).then().statusCode(404);
        }
        as("researcher").get("/api/datasets/{d}/metrics?release=v9", key).then().statusCode(404)
                .body("detail", containsString("Release 'v9'"));
        as("researcher").contentType("application/json").body("{\"notes\":\"" + "x".repeat(4001) + "\"}")
                .post("/api/datasets/{d}/releases", key).then().statusCode(400).body("type", equalTo("urn:relabel:bad-request"));
        as("researcher").contentType("application/json").body("{\"notes\":").post("/api/datasets/{d}/releases", key)
                .then().statusCode(400);
        as("researcher").get("/api/datasets/{d}/releases", key).then().body("name", equalTo(List.of("v1")));
        as("researcher").get("/api/datasets/nope/releases").then().statusCode(404);
    }

    @Test
    void freezingAsyncRunsAsAJobAndCuratorsMayFreezeToo() {
        String key = ReleaseWorld.create();
        Response started = as("curator").contentType("application/json").body("{\"notes\":\"async\"}")
                .post("/api/datasets/{d}/releases?async=true", key);
        started.then().statusCode(202).body("kind", equalTo("release"));
        Response done = Jobs.await("curator", started.path("id"), 120);
        done.then().body("state", equalTo("SUCCEEDED")).body("result.version", equalTo(1))
                .body("result.release.createdBy", equalTo("test-curator"));
        as("researcher").get("/api/datasets/{d}/releases/v1", key).then().statusCode(200).body("notes", equalTo("async"));
    }

    @Test
    void concurrentFreezesGetDistinctVersions() throws Exception {
        String key = ReleaseWorld.create();
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            jobs.add(as("researcher").contentType("application/json").body("{}")
                    .post("/api/datasets/{d}/releases?async=true", key).then().statusCode(202).extract().path("id"));
        }
        int succeeded = 0;
        for (String id : jobs) {
            Response job = Jobs.await("researcher", id, 120);
            String state = job.path("state");
            if ("SUCCEEDED".equals(state)) succeeded++;
            else assertEquals("urn:relabel:conflict", job.path("result.type"), job.asString());
        }
        assertTrue(succeeded >= 1);
        List<String> names = as("researcher").get("/api/datasets/{d}/releases", key).then().extract().jsonPath().getList("name");
        assertEquals(succeeded, names.size());
        assertEquals(names.size(), new TreeSet<>(names).size(), "versions are distinct");
    }

    @Test
    void labelStudioExportHoldsEveryImageWithItsAnnotatorsAndTheReleaseLabels() throws Exception {
        String key = ReleaseWorld.create();
        ReleaseWorld.freeze(key);
        JsonNode tasks = JSON.readTree(download(key, "v1", "label-studio.json"));
        assertEquals(6, tasks.size());
        Map<String, JsonNode> byKey = new HashMap<>();
        tasks.forEach(t -> byKey.put(t.at("/data/image_key").asText(), t));
        JsonNode i2 = byKey.get("i2");
        assertEquals(3, i2.get("annotations").size());
        assertEquals("[\"cat\",\"dog\"]", i2.at("/predictions/0/result/0/value/choices").toString());
        assertEquals("[\"cat\"]", i2.at("/predictions/0/result/1/value/choices").toString());
        assertEquals(key + " v1", i2.at("/predictions/0/model_version").asText());
        JsonNode i4 = byKey.get("i4");
        assertEquals(4, i4.get("annotations").size());
        boolean unsure = false;
        for (JsonNode a : i4.get("annotations")) {
            for (JsonNode r : a.get("result")) unsure |= r.get("from_name").asText().equals("unsure");
        }
        assertTrue(unsure, "d's maybe on fox");
        assertEquals(0, byKey.get("i5").get("annotations").size());
        String config = new String(download(key, "v1", "label-studio.xml"), StandardCharsets.UTF_8);
        assertTrue(config.contains("<Choice value=\"owl\" hint=\"Owl\"/>"), config);
    }

    @Test
    void aDatasetNobodyJudgedReleasesItsOriginalLabelsWithAWarning() throws Exception {
        String key = ReleaseWorld.empty("plain");
        as("researcher").contentType("application/json").body("{}").post("/api/datasets/{d}/releases", key).then()
                .statusCode(201).body("warnings[0]", containsString("no aggregation"));
        List<Map<String, String>> rows = csv(download(key, "v1", "labels.csv"));
        assertEquals(6, rows.size());
        rows.forEach(r -> {
            assertEquals("original", r.get("status"));
            assertEquals(r.get("original_label"), r.get("valid_labels"));
        });
        JsonNode m = JSON.readTree(download(key, "v1", "manifest.json"));
        assertTrue(m.get("aggregation").isNull());
        assertEquals(0, m.at("/counts/relabeled").asInt());
        assertEquals(0, csv(download(key, "v1", "judgments.csv")).size(), "header only");
        assertFalse(JSON.readTree(download(key, "v1", "label-studio.json")).isEmpty());
    }

    @Test
    void judgmentsOfManyImagesSpanningSeveralQueriesStayWithTheirImages() throws Exception {
        int n = 2 * ReleaseSnapshot.CHUNK + 201;
        String[] classes = {"cat", "dog", "fox", "owl"};
        String key = "chunks-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        as("admin").contentType("application/json").body("{}").put("/api/datasets/" + key).then().statusCode(201);
        TestUsers.members(key);
        as("researcher").contentType("text/csv").body(ReleaseWorld.CLASSES).post("/api/datasets/{d}/classes", key)
                .then().statusCode(200);
        StringBuilder images = new StringBuilder("image,label\n");
        StringBuilder judgments = new StringBuilder("image,label,annotator,answer\n");
        for (int i = 0; i < n; i++) {
            String image = String.format("img-%05d.png", (i * 7919) % n);
            images.append(image).append(',').append(classes[i % 4]).append('\n');
            if (i % 3 != 0) judgments.append(image).append(',').append(classes[i % 4]).append(",r").append(i % 7).append(",yes\n");
        }
        as("researcher").contentType("text/csv").body(images.toString()).post("/api/datasets/{d}/images", key).then().statusCode(200);
        ReleaseWorld.judgments(key, "text/csv", judgments.toString());
        ReleaseWorld.freeze(key);
        Map<String, Map<String, String>> labels = byImage(csv(download(key, "v1", "labels.csv")));
        List<Map<String, String>> rows = csv(download(key, "v1", "judgments.csv"));
        assertEquals(n - (n + 2) / 3, rows.size());
        for (Map<String, String> r : rows) {
            assertEquals(labels.get(r.get("image")).get("original_label"), r.get("label"), r.get("image"));
        }
        JsonNode tasks = JSON.readTree(download(key, "v1", "label-studio.json"));
        assertEquals(n, tasks.size());
        long judged = 0;
        for (JsonNode t : tasks) judged += t.get("annotations").size();
        assertEquals(rows.size(), judged);
    }
}
