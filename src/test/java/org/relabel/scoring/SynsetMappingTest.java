package org.relabel.scoring;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.relabel.testing.TestUsers.as;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.awt.Color;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relabel.account.AccountService;
import org.relabel.testing.Jobs;
import org.relabel.testing.TestUsers;
import org.relabel.testing.Zips;

/**
 * Output mapping by a synset file (multipart part {@code synset}): the dataset's classes carry no index, and
 * line i of the file names the class of output i - 1. The tiny colour model outputs red, green, blue.
 */
@QuarkusTest
class SynsetMappingTest {
    static final Path MODELS = Path.of("src/test/resources/models");
    static final String PREPROCESSING = "{\"size\":32,\"resize\":32,\"centerCrop\":false}";

    @Inject
    AccountService accounts;

    String key;

    @BeforeEach
    void dataset() {
        TestUsers.ensure(accounts);
        key = "synset-" + UUID.randomUUID().toString().substring(0, 8);
        as("admin").contentType("application/json").body("{}").put("/api/datasets/" + key).then().statusCode(201);
        TestUsers.members(key);
        // no index column, and one class the model knows nothing about
        as("researcher").contentType("text/csv").body("key,name\nn00blue,Blue\nn00green,Green\nn00red,Red\nn00grey,Grey\n")
                .post("/api/datasets/" + key + "/classes").then().statusCode(200);
        byte[] zip = new Zips().add("n00red/r.png", Zips.png(Color.RED, 48)).add("n00green/g.png", Zips.png(new Color(20, 200, 30), 48))
                .add("n00blue/b.png", Zips.png(Color.BLUE, 48)).add("n00red/dark.png", Zips.png(new Color(150, 30, 20), 48))
                .add("n00blue/looks-green.png", Zips.png(Color.GREEN, 48)).bytes();
        as("researcher").contentType("application/zip").body(zip).post("/api/datasets/" + key + "/images").then().statusCode(200);
    }

    private Response register(String name, String synset) throws Exception {
        var spec = as("researcher").multiPart("name", name).multiPart("preprocessing", PREPROCESSING)
                .multiPart("file", new File(MODELS.resolve("tiny-colour.pt").toString()));
        if (synset != null) {
            Path file = Files.createTempFile("synset", ".txt");
            Files.writeString(file, synset);
            spec = spec.multiPart("synset", file.toFile(), "text/plain");
        }
        return spec.post("/api/datasets/" + key + "/models");
    }

    private int top1Successes(String model) {
        Response started = as("researcher").post("/api/datasets/" + key + "/models/" + model + "/score");
        started.then().statusCode(202);
        Jobs.await("researcher", started.path("id"), 120).then().body("state", equalTo("SUCCEEDED")).body("result.scored", equalTo(5));
        Response models = as("curator").get("/api/datasets/" + key + "/models");
        return models.path("find { it.name == '" + model + "' }.top1.successes");
    }

    @Test
    void mapsOutputsByTheSynsetFileLines() throws Exception {
        register("by-synset", "n00red red, like a fire truck\nn00green green\nn00blue blue\n").then().statusCode(201)
                .body("outputMapping", equalTo("synset"));
        // red, green, blue and dark red right; the green image labelled blue is the label error
        org.junit.jupiter.api.Assertions.assertEquals(4, top1Successes("by-synset"));
        as("curator").get("/api/datasets/" + key + "/images/n00red/r.png").then()
                .body("sections.predictions.'by-synset'[0].label", equalTo("n00red"));
    }

    @Test
    void aReorderedSynsetFileChangesWhichClassEachOutputMeans() throws Exception {
        register("reversed", "n00blue\nn00green\nn00red\n").then().statusCode(201);
        // output 0 (red) now means blue: only the green image stays right
        org.junit.jupiter.api.Assertions.assertEquals(1, top1Successes("reversed"));
        as("curator").get("/api/datasets/" + key + "/images/n00red/r.png").then()
                .body("sections.predictions.reversed[0].label", equalTo("n00blue"));
    }

    @Test
    void rejectsUnknownAndDuplicateKeysWithTheirLines() throws Exception {
        register("bad", "n00red\nn00purple\nn00red\n").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:relabel:invalid-synset")).body("errorCount", equalTo(2))
                .body("errors[0].line", equalTo(2)).body("errors[0].message", containsString("unknown class 'n00purple'"))
                .body("errors[1].line", equalTo(3)).body("errors[1].message", containsString("line 1"));
        as("curator").get("/api/datasets/" + key + "/models").then().body("size()", equalTo(0));
    }

    @Test
    void rejectsASynsetWhoseLineCountDiffersFromTheModelOutputs() throws Exception {
        register("long", "n00red\nn00green\nn00blue\nn00grey\n").then().statusCode(400)
                .body("type", equalTo("urn:relabel:invalid-synset")).body("errors[0].line", equalTo(4))
                .body("detail", containsString("only 3"));
        register("short", "n00red\nn00green\n").then().statusCode(400)
                .body("errors[0].line", equalTo(3)).body("detail", containsString("outputs 3 scores"));
        as("curator").get("/api/datasets/" + key + "/models").then().body("size()", equalTo(0));
    }

    @Test
    void withoutSynsetTheClassesNeedAnIndex() throws Exception {
        register("no-index", null).then().statusCode(400).body("detail", containsString("index"))
                .body("detail", containsString("synset"));
    }
}
