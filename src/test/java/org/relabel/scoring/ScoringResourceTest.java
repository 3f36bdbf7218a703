package org.relabel.scoring;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.relabel.testing.TestUsers.as;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.awt.Color;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relabel.account.AccountService;
import org.relabel.scoring.engine.ClassScore;
import org.relabel.scoring.engine.ImageSource;
import org.relabel.scoring.engine.LoadedModel;
import org.relabel.scoring.engine.ModelFormat;
import org.relabel.scoring.engine.ModelLoader;
import org.relabel.scoring.engine.ModelSpec;
import org.relabel.scoring.engine.Preprocessing;
import org.relabel.scoring.engine.ScoredImage;
import org.relabel.scoring.engine.BatchScorer;
import org.relabel.scoring.engine.ScoringListener;
import org.relabel.testing.Jobs;
import org.relabel.testing.TestUsers;
import org.relabel.testing.Zips;

/** Registering DJL models and scoring a dataset end to end, checked against direct DJL output. */
@QuarkusTest
class ScoringResourceTest {
    static final Path MODELS = Path.of("src/test/resources/models");
    static final String PREPROCESSING = "{\"size\":32,\"resize\":32,\"centerCrop\":false}";

    @Inject
    AccountService accounts;

    String key;

    @BeforeEach
    void dataset() {
        TestUsers.ensure(accounts);
        key = "score-" + UUID.randomUUID().toString().substring(0, 8);
        as("admin").contentType("application/json").body("{}").put("/api/datasets/" + key).then().statusCode(201);
        org.relabel.testing.TestUsers.members(key);
        as("researcher").contentType("text/csv").body("key,name,index\nred,Red,0\ngreen,Green,1\nblue,Blue,2\n")
                .post("/api/datasets/" + key + "/classes").then().statusCode(200);
        byte[] zip = new Zips().add("red/r.png", Zips.png(Color.RED, 48)).add("green/g.png", Zips.png(new Color(20, 200, 30), 48))
                .add("blue/b.png", Zips.png(Color.BLUE, 48)).add("red/dark.png", Zips.png(new Color(150, 30, 20), 48))
                .add("blue/looks-green.png", Zips.png(Color.GREEN, 48)).bytes();
        as("researcher").contentType("application/zip").body(zip).post("/api/datasets/" + key + "/images").then().statusCode(200);
    }

    private Response register(String name, String file, String preprocessing) {
        var spec = as("researcher").multiPart("name", name).multiPart("file", new File(MODELS.resolve(file).toString()));
        if (preprocessing != null) spec = spec.multiPart("preprocessing", preprocessing);
        return spec.post("/api/datasets/" + key + "/models");
    }

    @Test
    void scoresEveryImageWithTorchScriptAndStoresDjlTopK() throws Exception {
        register("tiny", "tiny-colour.pt", PREPROCESSING).then().statusCode(201).body("name", equalTo("tiny"))
                .body("format", equalTo("TORCHSCRIPT"));
        Response started = as("researcher").post("/api/datasets/" + key + "/models/tiny/score?topK=3");
        started.then().statusCode(202);
        Jobs.await("researcher", started.path("id"), 120).then().body("state", equalTo("SUCCEEDED"))
                .body("result.scored", equalTo(5)).body("result.failed", equalTo(0));
        as("curator").get("/api/datasets/" + key + "/models").then()
                .body("[0].scoredImages", equalTo(5))
                // red, green, blue and dark red are right; the green image labelled blue is a label error
                .body("[0].top1.successes", equalTo(4)).body("[0].top1.n", equalTo(5));

        // the stored top-k equals a direct DJL run of the same file with the same preprocessing
        Preprocessing p = new Preprocessing(32, 32, false, null, null, null);
        try (LoadedModel model = ModelLoader.load(new ModelSpec(ModelFormat.TORCHSCRIPT, MODELS.resolve("tiny-colour.pt"), p, 3))) {
            List<String> keys = List.of("red/r.png", "green/g.png", "blue/b.png", "red/dark.png", "blue/looks-green.png");
            List<Color> colours = List.of(Color.RED, new Color(20, 200, 30), Color.BLUE, new Color(150, 30, 20), Color.GREEN);
            List<ImageSource> sources = new java.util.ArrayList<>();
            for (int i = 0; i < keys.size(); i++) sources.add(ImageSource.of(keys.get(i), Zips.png(colours.get(i), 48)));
            Map<String, List<ClassScore>> direct = new java.util.HashMap<>();
            new BatchScorer(model).score(sources.iterator(), () -> false, new ScoringListener() {
                @Override
                public void onScored(List<ScoredImage> batch) {
                    batch.forEach(s -> direct.put(s.imageKey(), s.top()));
                }
            });
            String[] names = {"red", "green", "blue"};
            for (String image : keys) {
                Response detail = as("curator").get("/api/datasets/" + key + "/images/" + image);
                List<Map<String, Object>> stored = detail.path("sections.predictions.tiny");
                assertEquals(3, stored.size(), image);
                for (int r = 0; r < 3; r++) {
                    ClassScore expected = direct.get(image).get(r);
                    assertEquals(names[expected.index()], stored.get(r).get("label"), image + " rank " + (r + 1));
                    assertEquals(expected.probability(), ((Number) stored.get(r).get("probability")).doubleValue(), 1e-5);
                }
            }
        }
        // a second job finds nothing left to score (resumable: scored images are skipped)
        Response again = as("researcher").post("/api/datasets/" + key + "/models/tiny/score?topK=3");
        Jobs.await("researcher", again.path("id"), 60).then().body("result.scored", equalTo(0))
                .body("result.alreadyScored", equalTo(5));
    }

    @Test
    void scoresWithOnnx() {
        register("onnx", "tiny-colour.onnx", PREPROCESSING).then().statusCode(201).body("format", equalTo("ONNX"));
        Response started = as("admin").post("/api/datasets/" + key + "/models/onnx/score");
        Jobs.await("admin", started.path("id"), 120).then().body("state", equalTo("SUCCEEDED")).body("result.scored", equalTo(5));
        as("curator").get("/api/datasets/" + key + "/models").then().body("[0].top1.successes", equalTo(4))
                .body("[0].topK", equalTo(5));
    }

    @Test
    void rejectsWrongWidthCorruptFilesAndBadPreprocessingAsProblems() throws Exception {
        register("wrong", "wrong-width.pt", PREPROCESSING).then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:relabel:model-rejected")).body("detail", containsString("3"));
        Path corrupt = Files.createTempFile("corrupt", ".pt");
        Files.writeString(corrupt, "this is not a TorchScript archive");
        as("researcher").multiPart("name", "corrupt").multiPart("file", corrupt.toFile()).post("/api/datasets/" + key + "/models")
                .then().statusCode(400).body("type", equalTo("urn:relabel:model-rejected"))
                .body("detail", org.hamcrest.Matchers.not(containsString("Exception")));
        register("badprep", "tiny-colour.pt", "{\"size\":32,\"std\":[0,1,1]}").then().statusCode(400)
                .body("detail", containsString("std"));
        as("researcher").multiPart("name", "nofile").post("/api/datasets/" + key + "/models").then().statusCode(400);
        as("curator").get("/api/datasets/" + key + "/models").then().body("size()", equalTo(0));
        as("researcher").post("/api/datasets/" + key + "/models/missing/score").then().statusCode(404);
        as("curator").multiPart("name", "x").multiPart("file", new File(MODELS.resolve("tiny-colour.pt").toString()))
                .post("/api/datasets/" + key + "/models").then().statusCode(403);
    }
}
