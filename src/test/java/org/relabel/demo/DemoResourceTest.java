package org.relabel.demo;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.relabel.testing.TestUsers.as;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relabel.account.AccountService;
import org.relabel.testing.TestUsers;

/** The demo endpoints where the demo is disabled (the test default): what they refuse, and to whom. */
@QuarkusTest
class DemoResourceTest {
    @Inject
    AccountService accounts;

    @BeforeEach
    void users() {
        TestUsers.ensure(accounts);
        as("admin").contentType("application/json").body("{\"name\":\"No demo here\"}").put("/api/datasets/plain-ds")
                .then().statusCode(anyOf(equalTo(200), equalTo(201)));
    }

    @Test
    void resetIsRefusedWhileTheDemoIsDisabled() {
        as("admin").post("/api/demo/reset").then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("urn:relabel:demo-disabled"));
        as("admin").get("/api/datasets/plain-ds").then().statusCode(200);
    }

    @Test
    void resetAndTruthReportAreForAdminsOnly() {
        for (String role : new String[] {"curator", "researcher", "annotator"}) {
            as(role).post("/api/demo/reset").then().statusCode(403);
            as(role).get("/api/datasets/plain-ds/demo/truth-report").then().statusCode(403);
        }
        given().post("/api/demo/reset").then().statusCode(401);
        given().get("/api/datasets/plain-ds/demo/truth-report").then().statusCode(401);
    }

    @Test
    void aDatasetWithoutHiddenTruthHasNoTruthReport() {
        as("admin").get("/api/datasets/plain-ds/demo/truth-report").then().statusCode(404)
                .contentType("application/problem+json");
        as("admin").get("/datasets/plain-ds/demo").then().statusCode(404);
        as("admin").get("/api/datasets/no-such-dataset/demo/truth-report").then().statusCode(404);
    }

    @Test
    void theDemoStatusPageSaysTheDemoIsDisabledAndOffersNoReset() {
        as("admin").get("/admin/demo").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("The demo is disabled"))
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("Reset the demo")));
        as("admin").get("/datasets/plain-ds").then().statusCode(200)
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("/datasets/plain-ds/demo")));
    }
}
