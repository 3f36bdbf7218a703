package org.relabel.audit;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.relabel.testing.TestUsers.as;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relabel.account.AccountService;
import org.relabel.testing.TestUsers;

/** The audit pages without JavaScript: dashboard, queue, grid, and their forms. */
@QuarkusTest
class AuditPagesTest {
    @Inject
    AccountService accounts;

    @BeforeEach
    void users() {
        TestUsers.ensure(accounts);
    }

    @Test
    void dashboardShowsTheKeyNumbersAndInlineChartsWithoutScripts() {
        String key = AuditWorld.create();
        String html = as("researcher").accept("text/html").get("/datasets/" + key + "/dashboard").then().statusCode(200)
                .extract().asString();
        // M1 top-1 vs original: 4 / 6 = 66.7%; any valid: 3 / 4 = 75.0%
        org.junit.jupiter.api.Assertions.assertTrue(html.contains("66.7%") && html.contains("4 / 6"), "top-1 of M1");
        org.junit.jupiter.api.Assertions.assertTrue(html.contains("75.0%") && html.contains("3 / 4"), "any-valid of M1");
        org.junit.jupiter.api.Assertions.assertTrue(html.contains("<svg"), "inline SVG charts");
        org.junit.jupiter.api.Assertions.assertFalse(html.contains("<script>"), "no inline script");
        org.junit.jupiter.api.Assertions.assertFalse(html.contains("/review\">Review"), "researchers get no review link");
        as("curator").accept("text/html").get("/datasets/" + key + "/dashboard").then().statusCode(200)
                .body(containsString("/datasets/" + key + "/review?kind=LABEL_ERROR"));
        as("annotator").accept("text/html").get("/datasets/" + key + "/dashboard").then().statusCode(403);
        as("curator").accept("text/html").get("/datasets/" + key).then().statusCode(200)
                .body(containsString("/datasets/" + key + "/dashboard")).body(containsString("/datasets/" + key + "/review"));
    }

    @Test
    void queueShowsOneFindingWithConsensusModelsAndJudgmentsAndFormsDecide() {
        String key = AuditWorld.create();
        String html = as("curator").accept("text/html").get("/datasets/" + key + "/review?kind=LABEL_ERROR").then()
                .statusCode(200).extract().asString();
        org.junit.jupiter.api.Assertions.assertTrue(html.contains("id=\"image-key\">i3<"), html);
        org.junit.jupiter.api.Assertions.assertTrue(html.contains("<meter"), "SF bars");
        org.junit.jupiter.api.Assertions.assertTrue(html.contains("id=\"model-top\""));
        org.junit.jupiter.api.Assertions.assertTrue(html.contains("/js/review.js"));
        String findingId = html.replaceAll("(?s).*action=\"/datasets/" + key + "/review/(\\d+)\".*", "$1");
        Response r = as("curator").redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("decision", "KEPT_ORIGINAL").formParam("reason", "looks like a dog").formParam("kind", "LABEL_ERROR")
                .post("/datasets/" + key + "/review/" + findingId);
        r.then().statusCode(303).header("Location", containsString("/datasets/" + key + "/review?kind=LABEL_ERROR&done=true"));
        as("curator").get("/api/datasets/" + key + "/reviews?image=i3").then().body("reviews[0].decision", equalTo("KEPT_ORIGINAL"))
                .body("reviews[0].reason", equalTo("looks like a dog"));
        as("curator").accept("text/html").get("/datasets/" + key + "/review?kind=LABEL_ERROR&done=true").then().statusCode(200)
                .body(containsString("Nothing to review"));
        // revising from the form needs the current decision id, which the page carries
        as("curator").redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("decision", "SET_BY_HAND").formParam("labels", "dog fox").formParam("main", "fox")
                .post("/datasets/" + key + "/review/" + findingId).then().statusCode(409);
        html = as("curator").accept("text/html").get("/datasets/" + key + "/review?finding=" + findingId).then().statusCode(200)
                .extract().asString();
        String current = html.replaceAll("(?s).*name=\"supersedes\" value=\"(\\d+)\".*", "$1");
        as("curator").redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("decision", "SET_BY_HAND").formParam("labels", "dog fox").formParam("main", "fox")
                .formParam("supersedes", current).post("/datasets/" + key + "/review/" + findingId).then().statusCode(303);
        as("curator").get("/api/datasets/" + key + "/reviews?image=i3").then().body("reviews[0].after.valid[1]", equalTo("fox"))
                .body("reviews[0].after.main", equalTo("fox")).body("reviews[0].supersedes", equalTo(Integer.parseInt(current)));
        as("researcher").accept("text/html").get("/datasets/" + key + "/review").then().statusCode(403);
    }

    @Test
    void gridAcceptsTheConsensusOfCheckedTilesOnly() {
        String key = AuditWorld.create();
        String html = as("curator").accept("text/html").get("/datasets/" + key + "/review/grid?kind=MULTIPLE_OBJECTS").then()
                .statusCode(200).extract().asString();
        org.junit.jupiter.api.Assertions.assertTrue(html.contains("name=\"accept\""), html);
        String id = html.replaceAll("(?s).*name=\"accept\" value=\"(\\d+)\".*", "$1");
        as("curator").redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("kind", "MULTIPLE_OBJECTS").formParam("accept", id).post("/datasets/" + key + "/review/grid")
                .then().statusCode(303).header("Location", containsString("accepted=1"));
        as("curator").get("/api/datasets/" + key + "/reviews?image=i2").then().body("reviews[0].decision", equalTo("ACCEPTED_CONSENSUS"))
                .body("reviews[0].after.valid", equalTo(java.util.List.of("cat", "dog")));
        // nothing checked: nothing decided
        as("curator").redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("kind", "LABEL_ERROR").post("/datasets/" + key + "/review/grid").then().statusCode(303);
        as("curator").get("/api/datasets/" + key + "/reviews").then().body("reviews.size()", equalTo(1));
        as("curator").accept("text/html").get("/datasets/" + key + "/review/grid?kind=MULTIPLE_OBJECTS").then().statusCode(200)
                .body(not(containsString("name=\"accept\"")));
    }
}
