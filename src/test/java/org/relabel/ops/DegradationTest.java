package org.relabel.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Failures of the environment reach clients as clear, retryable problems, never as a 500 with an
 * incident: an unreachable database is 503 with Retry-After, a full disk 507; the readiness check
 * covers the database and the data directory.
 */
@QuarkusTest
class DegradationTest {
    static final String PROBLEM = "application/problem+json";

    @Test
    void anUnreachableDatabaseIs503WithRetryAfter() {
        given().accept("application/json").get("/test-only/environment/database").then().statusCode(503)
                .contentType(PROBLEM).header("Retry-After", "5")
                .body("type", org.hamcrest.Matchers.equalTo("urn:relabel:database-unavailable"))
                .body("detail", containsString("nothing was stored"))
                .body(not(containsString("SQLException")), not(containsString("5432")));
    }

    @Test
    void anUnreachableDatabaseOutsideTheRestLayerIs503Too() {
        given().accept("application/json").get("/test-only/environment/vertx-database").then().statusCode(503)
                .contentType(PROBLEM).header("Retry-After", "5")
                .body("type", org.hamcrest.Matchers.equalTo("urn:relabel:database-unavailable"));
    }

    @Test
    void aFullDiskIs507AndBrowsersGetAPage() {
        given().accept("application/json").get("/test-only/environment/disk").then().statusCode(507)
                .contentType(PROBLEM).body("type", org.hamcrest.Matchers.equalTo("urn:relabel:insufficient-storage"));
        given().accept("text/html").get("/test-only/environment/disk").then().statusCode(507)
                .contentType(containsString("text/html")).body(containsString("disk is full"));
    }

    @Test
    void readinessCoversTheDatabaseAndTheDataDirectory() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("UP"))
                .body("checks.name", hasItem(DataDirectoryCheck.NAME))
                .body("checks.name", hasItem(containsString("Database")));
    }
}
