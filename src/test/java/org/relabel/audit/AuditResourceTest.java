package org.relabel.audit;

import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.relabel.testing.TestUsers.as;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relabel.account.AccountService;
import org.relabel.testing.TestUsers;

@QuarkusTest
class AuditResourceTest {
    @Inject
    AccountService accounts;
    @Inject
    MoreJudgmentsObserver observer;

    /** Records the events the campaign code will observe. */
    @ApplicationScoped
    static class MoreJudgmentsObserver {
        private final List<MoreJudgmentsRequested> events = new CopyOnWriteArrayList<>();

        List<MoreJudgmentsRequested> events() {
            return events;
        }

        void on(@Observes MoreJudgmentsRequested e) {
            events.add(e);
        }
    }

    @Inject
    MetricsService metricsService;

    @Test
    void metricsAreComputedAgainOnlyWhenTheDataChanges() {
        String key = AuditWorld.create();
        long id = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> org.relabel.dataset.Dataset.byKey(key).orElseThrow().id);
        MetricsService.Computed first = metricsService.compute(id, null);
        org.junit.jupiter.api.Assertions.assertSame(first, metricsService.compute(id, null), "nothing changed: the same result");
        as("curator").contentType("application/json").body("{\"decision\":\"KEPT_ORIGINAL\",\"reason\":\"toy\"}")
                .post("/api/datasets/" + key + "/images/i3/review").then().statusCode(201);
        MetricsService.Computed after = metricsService.compute(id, null);
        org.junit.jupiter.api.Assertions.assertNotSame(first, after, "a review decision changes the data");
        org.junit.jupiter.api.Assertions.assertNotEquals(first.models(), after.models());
    }

    @BeforeEach
    void users() {
        TestUsers.ensure(accounts);
    }

    /** The 95% Wilson interval computed here from its formula, independent of the domain code. */
    static double[] wilson(int s, int n) {
        double z = 1.959963984540054;
        double p = (double) s / n;
        double d = 1 + z * z / n;
        double c = (p + z * z / (2.0 * n)) / d;
        double h = z / d * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n));
        return new double[] {s == 0 ? 0 : c - h, s == n ? 1 : c + h};
    }

    private static void proportion(JsonPath json, String path, int successes, int n) {
        assertEquals(successes, json.getInt(path + ".successes"), path + ".successes");
        assertEquals(n, json.getInt(path + ".n"), path + ".n");
        assertEquals((double) successes / n, json.getDouble(path + ".value"), 1e-9, path + ".value");
        double[] ci = wilson(successes, n);
        assertEquals(ci[0], json.getDouble(path + ".lo"), 1e-9, path + ".lo");
        assertEquals(ci[1], json.getDouble(path + ".hi"), 1e-9, path + ".hi");
    }

    private static JsonPath metrics(String key) {
        Response r = as("researcher").get("/api/datasets/" + key + "/metrics");
        r.then().statusCode(200);
        return r.jsonPath();
    }

    @Test
    void metricsFollowTheDocumentedDefinitionsOnHandMadeCases() {
        String key = AuditWorld.create();
        JsonPath m = metrics(key);
        assertEquals(List.of("M1", "M2"), m.getList("models.model"));
        String m1 = "models[0]";
        assertEquals(6, m.getInt(m1 + ".images"));
        assertEquals(0, m.getInt(m1 + ".withoutPrediction"));
        proportion(m, m1 + ".overall.top1", 4, 6);       // i1 i3 i5 i6
        proportion(m, m1 + ".overall.top5", 5, 6);       // all but i4
        proportion(m, m1 + ".overall.mainLabel", 2, 4);  // images with a main label: i1 i2 i3 i5; right on i1 i5
        proportion(m, m1 + ".overall.anyValid", 3, 4);   // i4 (empty valid set) and i6 (no consensus) left out
        proportion(m, m1 + ".errorsJudgedValid", 1, 1);  // i2: dog is not the original label but is valid
        proportion(m, m1 + ".byObjects.1.top1", 3, 3);   // i1 i3 i5
        proportion(m, m1 + ".byObjects.1.anyValid", 2, 3);
        proportion(m, m1 + ".byObjects.2.anyValid", 1, 1);
        proportion(m, m1 + ".byObjects.2.top1", 0, 1);
        assertNull(m.get(m1 + ".byObjects.'3+'.top1"), "no image with 3+ objects: null, not NaN");
        proportion(m, m1 + ".byClass.cat.top1", 2, 3);   // i1 i2 i6
        proportion(m, m1 + ".byClass.fox.top1", 0, 1);
        assertNull(m.get(m1 + ".byClass.fox.anyValid"));
        // M2: no predictions for i5 and i6 (left out, not counted wrong)
        String m2 = "models[1]";
        assertEquals(6, m.getInt(m2 + ".images"));
        assertEquals(2, m.getInt(m2 + ".withoutPrediction"));
        proportion(m, m2 + ".overall.top1", 3, 4);
        proportion(m, m2 + ".overall.top5", 4, 4);
        proportion(m, m2 + ".overall.mainLabel", 1, 3);
        proportion(m, m2 + ".overall.anyValid", 1, 3);
        proportion(m, m2 + ".errorsJudgedValid", 0, 1);
        // dataset figures
        assertEquals(6, m.getInt("figures.images"));
        assertEquals(5, m.getInt("figures.withConsensus"));
        proportion(m, "figures.multipleObjects", 1, 5);
        proportion(m, "figures.originalNotValid", 2, 5);  // i3, i4
        proportion(m, "figures.originalNotMain", 1, 4);   // i3
        // SF of original labels: i1 1, i2 1, i3 0, i4 0, i5 1 (i6 not shown)
        assertEquals(5, m.getInt("figures.originalLabelSf.total"));
        assertEquals(0.6, m.getDouble("figures.originalLabelSf.mean"), 1e-9);
        assertEquals(2, m.getInt("figures.originalLabelSf.bins[0].count"));
        assertEquals(3, m.getInt("figures.originalLabelSf.bins[9].count"));
        // SF of M1's top-1: i1 cat 1, i2 dog 2/3, i3 dog 0, i4 owl 0, i5 owl 1
        assertEquals(5, m.getInt("figures.predictionSf.M1.total"));
        assertEquals((1 + 2.0 / 3 + 0 + 0 + 1) / 5, m.getDouble("figures.predictionSf.M1.mean"), 1e-6);
        assertEquals(6, m.getInt("figures.reviewStatus.UNREVIEWED"));
        assertNull(m.get("release"));
        // one model only
        as("researcher").get("/api/datasets/" + key + "/metrics?model=M2").then().statusCode(200)
                .body("models", hasSize(1)).body("models[0].model", equalTo("M2"));
    }

    @Test
    void metricsRejectUnknownModelReleaseAndRoles() {
        String key = AuditWorld.create();
        as("researcher").get("/api/datasets/" + key + "/metrics?model=nope").then().statusCode(404)
                .body("type", equalTo("urn:relabel:not-found"));
        as("researcher").get("/api/datasets/" + key + "/metrics?release=v1").then().statusCode(404)
                .body("detail", containsString("Release 'v1'"));
        as("annotator").get("/api/datasets/" + key + "/metrics").then().statusCode(403);
        as("annotator").get("/api/datasets/" + key + "/findings").then().statusCode(403);
        as("annotator").get("/api/datasets/" + key + "/reviews").then().statusCode(403);
        as("researcher").get("/api/datasets/nope/metrics").then().statusCode(404);
        io.restassured.RestAssured.given().get("/api/datasets/" + key + "/metrics").then().statusCode(401);
    }

    @Test
    void findingsAreComputedWhenConsensusRunsWithReasonsScoresAndFilters() {
        String key = AuditWorld.create();
        Response all = as("curator").get("/api/datasets/" + key + "/findings?status=all&limit=100");
        all.then().statusCode(200).body("next", nullValue());
        List<Map<String, Object>> findings = all.path("findings");
        Map<String, String> kindOf = new java.util.TreeMap<>();
        for (Map<String, Object> f : findings) kindOf.merge(f.get("image") + ":" + f.get("kind"), "x", String::concat);
        assertEquals(java.util.Set.of("i3:LABEL_ERROR", "i2:MULTIPLE_OBJECTS", "i3:MODEL_AGREES_WITH_ORIGINAL_NOT_PEOPLE",
                "i5:TOO_FEW_JUDGMENTS"), kindOf.keySet());
        // queue order: score descending
        for (int i = 1; i < findings.size(); i++) {
            assertTrue(((Number) findings.get(i - 1).get("score")).doubleValue() >= ((Number) findings.get(i).get("score")).doubleValue());
        }
        as("curator").get("/api/datasets/" + key + "/findings?kind=LABEL_ERROR").then().statusCode(200)
                .body("findings", hasSize(1)).body("findings[0].image", equalTo("i3"))
                .body("findings[0].score", closeTo(1.0, 1e-9)).body("findings[0].status", equalTo("open"))
                .body("findings[0].reason", containsString("'fox'"));
        as("researcher").get("/api/datasets/" + key + "/findings?kind=too-few-judgments").then().statusCode(200)
                .body("findings[0].image", equalTo("i5")).body("findings[0].score", closeTo(1 - 2.0 / 3, 1e-9));
        as("researcher").get("/api/datasets/" + key + "/findings?kind=MULTIPLE_OBJECTS").then()
                .body("findings[0].score", closeTo(2.0 / 3, 1e-6));
        // keyset pages of one
        Response first = as("curator").get("/api/datasets/" + key + "/findings?limit=1");
        String next = first.path("next");
        Response second = as("curator").get("/api/datasets/" + key + "/findings?limit=1&after=" + next);
        assertNotEquals(first.path("findings[0].id").toString(), second.path("findings[0].id").toString());
        // errors
        as("curator").get("/api/datasets/" + key + "/findings?kind=BOGUS").then().statusCode(400)
                .body("type", equalTo("urn:relabel:bad-request"));
        as("curator").get("/api/datasets/" + key + "/findings?status=closed").then().statusCode(400);
        as("curator").get("/api/datasets/" + key + "/findings?after=zzz").then().statusCode(400);
        as("curator").get("/api/datasets/" + key).then().body("counts.openFindings", equalTo(4));
        // on demand: same findings again
        Response job = as("curator").post("/api/datasets/" + key + "/findings");
        job.then().statusCode(202);
        org.relabel.testing.Jobs.await("curator", job.path("id"), 60).then().body("state", equalTo("SUCCEEDED"))
                .body("result.findings", equalTo(4));
        as("researcher").post("/api/datasets/" + key + "/findings").then().statusCode(403);
    }

    @Test
    void reviewDecisionsChangeTheMetricsAndAreRevisedNeverOverwritten() {
        String key = AuditWorld.create();
        // i3: people say fox, original dog; the curator keeps the original label
        Response kept = as("curator").contentType("application/json")
                .body("{\"decision\":\"KEPT_ORIGINAL\",\"reason\":\"the fox is a toy\",\"finding\":\"LABEL_ERROR\"}")
                .post("/api/datasets/" + key + "/images/i3/review");
        kept.then().statusCode(201).body("decision", equalTo("KEPT_ORIGINAL")).body("curator", equalTo("test-curator"))
                .body("before.valid", equalTo(List.of("fox"))).body("before.main", equalTo("fox"))
                .body("after.valid", equalTo(List.of("dog"))).body("after.main", equalTo("dog"))
                .body("revision", equalTo(1)).body("current", equalTo(true)).body("finding", equalTo("LABEL_ERROR"));
        int keptId = kept.path("id");
        JsonPath m = metrics(key);
        proportion(m, "models[0].overall.mainLabel", 3, 4);  // M1 predicts dog on i3: now right
        proportion(m, "models[0].overall.anyValid", 4, 4);
        proportion(m, "models[0].overall.top1", 4, 6);       // original labels unchanged
        assertEquals(1, m.getInt("figures.reviewStatus.KEPT_ORIGINAL"));
        // findings of i3 are resolved
        as("curator").get("/api/datasets/" + key + "/findings?kind=LABEL_ERROR").then().body("findings", hasSize(0));
        as("curator").get("/api/datasets/" + key + "/findings?kind=LABEL_ERROR&status=resolved").then()
                .body("findings[0].image", equalTo("i3"));

        // a second decision without naming the current one is refused: nothing is silently overwritten
        as("curator").contentType("application/json").body("{\"decision\":\"ACCEPTED_CONSENSUS\"}")
                .post("/api/datasets/" + key + "/images/i3/review").then().statusCode(409)
                .body("type", equalTo("urn:relabel:conflict")).body("detail", containsString("supersedes"));
        Response revised = as("admin").contentType("application/json")
                .body("{\"decision\":\"ACCEPTED_CONSENSUS\",\"reason\":\"on second look it is a fox\",\"supersedes\":" + keptId + "}")
                .post("/api/datasets/" + key + "/images/i3/review");
        revised.then().statusCode(201).body("revision", equalTo(2)).body("supersedes", equalTo(keptId))
                .body("before.valid", equalTo(List.of("dog"))).body("after.valid", equalTo(List.of("fox")))
                .body("curator", equalTo("test-admin"));
        // the audit log lists both, newest first; the first is no longer current
        as("researcher").get("/api/datasets/" + key + "/reviews?image=i3").then().statusCode(200)
                .body("reviews", hasSize(2)).body("reviews[0].decision", equalTo("ACCEPTED_CONSENSUS"))
                .body("reviews[0].current", equalTo(true)).body("reviews[1].id", equalTo(keptId))
                .body("reviews[1].current", equalTo(false)).body("reviews[1].reason", equalTo("the fox is a toy"));
        proportion(metrics(key), "models[0].overall.mainLabel", 2, 4);

        // excluded and ambiguous images leave the metrics
        as("curator").contentType("application/json").body("{\"decision\":\"EXCLUDED\"}")
                .post("/api/datasets/" + key + "/images/i2/review").then().statusCode(201);
        as("curator").contentType("application/json").body("{\"decision\":\"ambiguous\"}")
                .post("/api/datasets/" + key + "/images/i6/review").then().statusCode(201);
        m = metrics(key);
        assertEquals(4, m.getInt("models[0].images"));
        proportion(m, "models[0].overall.top1", 3, 4);       // i1 i3 i5 (i4 wrong)
        assertEquals(2, m.getInt("figures.excluded"));
        proportion(m, "figures.multipleObjects", 0, 4);

        // labels set by hand: i4 holds an owl
        as("curator").contentType("application/json").body("{\"decision\":\"SET_BY_HAND\",\"valid\":[\"owl\"]}")
                .post("/api/datasets/" + key + "/images/i4/review").then().statusCode(201)
                .body("before.valid", equalTo(List.of())).body("after.valid", equalTo(List.of("owl")))
                .body("after.main", equalTo("owl"));
        m = metrics(key);
        proportion(m, "models[0].overall.anyValid", 3, 4);    // i1 i3(fox? no: dog) ... i4 owl now right
        as("curator").get("/api/datasets/" + key + "/images/i4").then().statusCode(200)
                .body("sections.review.status", equalTo("SET_BY_HAND")).body("sections.review.valid", equalTo(List.of("owl")))
                .body("sections.review.decisions", hasSize(1));
        as("curator").get("/api/datasets/" + key + "/reviews?limit=2").then().body("reviews", hasSize(2))
                .body("next", equalTo(((Number) as("curator").get("/api/datasets/" + key + "/reviews?limit=2")
                        .path("reviews[1].id")).intValue()));
    }

    @Test
    void askingForMoreJudgmentsPublishesAnEventAndReopensFindingsWhenNewConsensusArrives() throws Exception {
        String key = AuditWorld.create();
        int before = observer.events().size();
        as("curator").contentType("application/json").body("{\"decision\":\"MORE_JUDGMENTS_REQUESTED\"}")
                .post("/api/datasets/" + key + "/images/i5/review").then().statusCode(201);
        assertEquals(before + 1, observer.events().size());
        MoreJudgmentsRequested e = observer.events().get(observer.events().size() - 1);
        long imageId = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() ->
                org.relabel.dataset.Image.<org.relabel.dataset.Image>find("key = ?1 and datasetId = ?2", "i5", e.datasetId())
                        .firstResult().id);
        assertEquals(imageId, e.imageId());
        as("curator").get("/api/datasets/" + key + "/findings?kind=TOO_FEW_JUDGMENTS").then().body("findings", hasSize(0));
        JsonPath m = metrics(key);
        assertEquals(1, m.getInt("figures.reviewStatus.MORE_JUDGMENTS_REQUESTED"));
        assertEquals(6, m.getInt("models[0].images"), "still counted while waiting");
        // a third annotator answers: the new consensus has 3 judgments, so the finding is gone, not re-opened
        as("researcher").contentType("application/x-ndjson")
                .body("{\"image\":\"i5\",\"annotator\":\"c\",\"selected\":[\"owl\"],\"main\":\"owl\",\"shown\":[\"owl\",\"cat\"]}\n"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/api/datasets/" + key + "/judgments").then().statusCode(200);
        AuditWorld.aggregate(key);
        as("curator").get("/api/datasets/" + key + "/findings?kind=TOO_FEW_JUDGMENTS&status=all").then().body("findings", hasSize(0));
        // a decided image stays resolved after re-aggregation
        as("curator").contentType("application/json").body("{\"decision\":\"ACCEPTED_CONSENSUS\"}")
                .post("/api/datasets/" + key + "/images/i2/review").then().statusCode(201);
        AuditWorld.aggregate(key);
        as("curator").get("/api/datasets/" + key + "/findings?kind=MULTIPLE_OBJECTS&status=resolved").then()
                .body("findings", hasSize(1)).body("findings[0].image", equalTo("i2"));
    }

    @Test
    void moreJudgmentsRequestReopensTheImagesFindingsAfterANewConsensus() {
        String key = AuditWorld.create();
        as("curator").contentType("application/json").body("{\"decision\":\"MORE_JUDGMENTS_REQUESTED\"}")
                .post("/api/datasets/" + key + "/images/i3/review").then().statusCode(201);
        as("curator").get("/api/datasets/" + key + "/findings?kind=LABEL_ERROR").then().body("findings", hasSize(0));
        AuditWorld.aggregate(key);
        as("curator").get("/api/datasets/" + key + "/findings?kind=LABEL_ERROR").then().body("findings", hasSize(1))
                .body("findings[0].image", equalTo("i3")).body("findings[0].status", equalTo("open"));
    }

    @Test
    void rejectsInvalidDecisions() {
        String key = AuditWorld.create();
        String url = "/api/datasets/" + key + "/images/";
        as("curator").contentType("application/json").body("{\"decision\":\"MAYBE\"}").post(url + "i1/review").then()
                .statusCode(400).body("detail", containsString("unknown decision"));
        as("curator").contentType("application/json").body("{}").post(url + "i1/review").then().statusCode(400);
        as("curator").contentType("application/json").body("{\"decision\":\"UNREVIEWED\"}").post(url + "i1/review").then()
                .statusCode(400);
        as("curator").contentType("application/json").body("{\"decision\":\"SET_BY_HAND\",\"valid\":[\"wolf\"]}")
                .post(url + "i1/review").then().statusCode(400).body("detail", containsString("wolf"));
        as("curator").contentType("application/json").body("{\"decision\":\"SET_BY_HAND\",\"valid\":[\"cat\"],\"main\":\"dog\"}")
                .post(url + "i1/review").then().statusCode(400).body("detail", containsString("main label"));
        as("curator").contentType("application/json").body("{\"decision\":\"SET_BY_HAND\"}").post(url + "i1/review").then()
                .statusCode(400);
        as("curator").contentType("application/json").body("{\"decision\":\"EXCLUDED\",\"valid\":[\"cat\"]}")
                .post(url + "i1/review").then().statusCode(400);
        as("curator").contentType("application/json").body("{\"decision\":\"ACCEPTED_CONSENSUS\"}").post(url + "i6/review")
                .then().statusCode(409).body("detail", containsString("no consensus"));
        as("curator").contentType("application/json").body("{\"decision\":\"EXCLUDED\",\"supersedes\":1}")
                .post(url + "i1/review").then().statusCode(409);
        as("curator").contentType("application/json").body("{\"decision\":\"EXCLUDED\"}").post(url + "nope/review").then()
                .statusCode(404);
        as("curator").contentType("application/json").body("{\"decision\":").post(url + "i1/review").then().statusCode(400);
        as("researcher").contentType("application/json").body("{\"decision\":\"EXCLUDED\"}").post(url + "i1/review").then()
                .statusCode(403);
        as("annotator").contentType("application/json").body("{\"decision\":\"EXCLUDED\"}").post(url + "i1/review").then()
                .statusCode(403);
        as("curator").get("/api/datasets/" + key + "/reviews").then().body("reviews", hasSize(0));
    }
}
