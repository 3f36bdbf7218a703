package org.relabel.scoring;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.relabel.testing.TestUsers.as;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.awt.Color;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relabel.account.AccountService;
import org.relabel.testing.Jobs;
import org.relabel.testing.TestUsers;
import org.relabel.testing.Zips;

/**
 * The models page as a browser without JavaScript uses it: plain HTML form posts carrying the page's CSRF
 * token, rejected models explained on the page, scoring started from a button.
 */
@QuarkusTest
class ModelPagesTest {
    static final Path MODELS = Path.of("src/test/resources/models");
    static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");

    @Inject
    AccountService accounts;

    String key;

    @BeforeEach
    void dataset() {
        TestUsers.ensure(accounts);
        key = "pages-" + UUID.randomUUID().toString().substring(0, 8);
        as("admin").contentType("application/json").body("{}").put("/api/datasets/" + key).then().statusCode(201);
        TestUsers.members(key);
        as("researcher").contentType("text/csv").body("key,name,index\nred,Red,0\ngreen,Green,1\nblue,Blue,2\n")
                .post("/api/datasets/" + key + "/classes").then().statusCode(200);
        byte[] zip = new Zips().add("red/r.png", Zips.png(Color.RED, 48)).add("green/g.png", Zips.png(new Color(20, 200, 30), 48))
                .add("blue/b.png", Zips.png(Color.BLUE, 48)).add("red/dark.png", Zips.png(new Color(150, 30, 20), 48))
                .add("blue/looks-green.png", Zips.png(Color.GREEN, 48)).bytes();
        as("researcher").contentType("application/zip").body(zip).post("/api/datasets/" + key + "/images").then().statusCode(200);
    }

    /** What a browser holds after opening the page: the CSRF cookie and the token of the form. */
    record Visit(String html, String cookie, String token) {
        RequestSpecification post(String role) {
            return as(role).redirects().follow(false).accept("text/html").cookie("csrf-token", cookie);
        }
    }

    private Visit open(String role) {
        Response page = as(role).accept("text/html").get("/datasets/" + key + "/models");
        page.then().statusCode(200).contentType(containsString("text/html"));
        Matcher m = CSRF_FIELD.matcher(page.asString());
        return new Visit(page.asString(), page.cookie("csrf-token"), m.find() ? m.group(1) : null);
    }

    private RequestSpecification registration(Visit visit, String name) {
        return visit.post("researcher").multiPart("csrf-token", visit.token()).multiPart("name", name)
                .multiPart("file", new File(MODELS.resolve("tiny-colour.pt").toString()))
                .multiPart("size", "32").multiPart("resize", "32").multiPart("centerCrop", "false");
    }

    private static File text(String content) throws Exception {
        Path file = Files.createTempFile("synset", ".txt");
        Files.writeString(file, content);
        return file.toFile();
    }

    @Test
    void researcherRegistersAModelWithASynsetFileThenScoresItFromThePage() throws Exception {
        Visit visit = open("researcher");
        assertTrue(visit.html().contains("id=\"register-form\""), "registration form");
        assertTrue(visit.html().contains("enctype=\"multipart/form-data\""));
        assertFalse(visit.html().contains("<script>"), "no inline script");
        org.junit.jupiter.api.Assertions.assertNotNull(visit.token(), "the form carries a CSRF token");

        registration(visit, "tiny").multiPart("synset", text("red\ngreen\nblue\n"), "text/plain")
                .post("/datasets/" + key + "/models").then().statusCode(303)
                .header("Location", containsString("/datasets/" + key + "/models?registered=tiny"));
        String listed = as("researcher").accept("text/html").get("/datasets/" + key + "/models?registered=tiny").asString();
        assertTrue(listed.contains("Model &#39;tiny&#39; was registered"), "confirmation");
        assertTrue(listed.contains("data-model=\"tiny\""), "listed");
        assertTrue(listed.contains("synset file"), "output mapping shown");
        as("curator").get("/api/datasets/" + key + "/models").then().body("[0].outputMapping", equalTo("synset"));

        visit.post("researcher").contentType("application/x-www-form-urlencoded").formParam("csrf-token", visit.token())
                .formParam("topK", "3").post("/datasets/" + key + "/models/tiny/score").then().statusCode(303)
                .header("Location", containsString("started=tiny"));
        List<String> ids = as("researcher").get("/api/jobs?dataset=" + key + "&kind=" + ScoringJob.KIND).path("id");
        assertEquals(1, ids.size());
        Jobs.await("researcher", ids.get(0), 120).then().body("state", equalTo("SUCCEEDED")).body("result.scored", equalTo(5));

        String scored = as("researcher").accept("text/html").get("/datasets/" + key + "/models").asString();
        assertTrue(scored.contains("data-job=\"" + ids.get(0) + "\""), "the job is listed");
        assertTrue(scored.contains("succeeded"), "its state");
        assertTrue(scored.contains("tiny: 5 images scored"), "what it did");
        // 4 of 5 right (the green image labelled blue is the planted label error)
        assertTrue(scored.contains("80.0%") && scored.contains("4 / 5"), "top-1 with counts");
        as("curator").get("/api/datasets/" + key + "/models").then().body("[0].topK", equalTo(3));
    }

    @Test
    void rejectedModelsAreExplainedOnThePageKeepingWhatWasTyped() throws Exception {
        Visit visit = open("researcher");
        Response bad = registration(visit, "keep-me").multiPart("synset", text("red\npurple\nred\n"), "text/plain")
                .post("/datasets/" + key + "/models");
        bad.then().statusCode(400).contentType(containsString("text/html"));
        String html = bad.asString();
        assertTrue(html.contains("Invalid synset file"), "problem title");
        assertTrue(html.contains("line 2") && html.contains("unknown class &#39;purple&#39;"), html);
        assertTrue(html.contains("line 3"), "the duplicate's line");
        assertTrue(html.contains("value=\"keep-me\""), "the name typed is kept");
        assertFalse(html.contains("urn:relabel") || html.contains("Exception"), "no raw problem or stack trace");

        registration(visit, "wrong").multiPart("mean", "0.5, 0.5").post("/datasets/" + key + "/models").then()
                .statusCode(400).body(containsString("mean needs 3 numbers"));
        visit.post("researcher").multiPart("csrf-token", visit.token()).multiPart("name", "wide")
                .multiPart("file", new File(MODELS.resolve("wrong-width.pt").toString()))
                .multiPart("size", "32").multiPart("resize", "32").multiPart("centerCrop", "false")
                .post("/datasets/" + key + "/models").then().statusCode(400)
                .body(containsString("Model rejected")).body(containsString("outputs"));
        visit.post("researcher").multiPart("csrf-token", visit.token()).multiPart("name", "nofile")
                .multiPart("file", "", new byte[0]).post("/datasets/" + key + "/models").then().statusCode(400)
                .body(containsString("choose the model file"));
        visit.post("researcher").contentType("application/x-www-form-urlencoded").formParam("csrf-token", visit.token())
                .post("/datasets/" + key + "/models/missing/score").then().statusCode(404)
                .body(containsString("Model &#39;missing&#39; does not exist"));
        as("curator").get("/api/datasets/" + key + "/models").then().body("size()", equalTo(0));
    }

    @Test
    void formsWithoutTheTokenAreRefused() {
        Visit visit = open("researcher");
        visit.post("researcher").multiPart("name", "no-token")
                .multiPart("file", new File(MODELS.resolve("tiny-colour.pt").toString()))
                .post("/datasets/" + key + "/models").then().statusCode(400).body(containsString("Form expired"));
        visit.post("researcher").multiPart("csrf-token", "forged-" + visit.token()).multiPart("name", "forged")
                .multiPart("file", new File(MODELS.resolve("tiny-colour.pt").toString()))
                .post("/datasets/" + key + "/models").then().statusCode(400);
        as("curator").get("/api/datasets/" + key + "/models").then().body("size()", equalTo(0));
    }

    @Test
    void curatorsSeeModelsButNoFormsAndAnnotatorsNothing() {
        Visit visit = open("curator");
        assertFalse(visit.html().contains("id=\"register-form\""));
        assertFalse(visit.html().contains("/score\""));
        as("annotator").accept("text/html").get("/datasets/" + key + "/models").then().statusCode(403);
        as("curator").redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .post("/datasets/" + key + "/models/x/score").then().statusCode(403);
        as("researcher").accept("text/html").get("/datasets/" + key).then()
                .body(containsString("/datasets/" + key + "/models"));
        as("researcher").accept("text/html").get("/datasets/no-such-dataset/models").then().statusCode(404)
                .body(not(containsString("urn:relabel")));
    }
}
