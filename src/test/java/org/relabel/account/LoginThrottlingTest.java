package org.relabel.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Failed sign-ins per user name are throttled (the test limit is 5 in the window) for Basic and form login. */
@QuarkusTest
class LoginThrottlingTest {
    static final String PASSWORD = "throttle-test-pw";

    @Inject
    AccountService accounts;
    @Inject
    SecurityConfig config;

    String user() {
        String name = "t-" + UUID.randomUUID().toString().substring(0, 8);
        accounts.create(name, PASSWORD, List.of(Roles.RESEARCHER), null);
        return name;
    }

    @Test
    void basicSignInsAreRefusedWith429AfterTooManyFailures() {
        int limit = config.login().maxFailuresPerUser();
        String name = user();
        String bystander = user();
        for (int i = 0; i < limit; i++) {
            given().auth().preemptive().basic(name, "wrong-" + i).get("/api/tokens").then().statusCode(401);
        }
        Response refused = given().auth().preemptive().basic(name, PASSWORD).get("/api/tokens");
        refused.then().statusCode(429).contentType("application/problem+json")
                .body("type", equalTo("urn:relabel:too-many-attempts")).header("Retry-After", notNullValue());
        long retry = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retry > 0 && retry <= config.login().window().toSeconds(), "Retry-After " + retry);
        given().auth().preemptive().basic(bystander, PASSWORD).get("/api/tokens").then().statusCode(200);
    }

    @Test
    void successfulSignInResetsTheCount() {
        int limit = config.login().maxFailuresPerUser();
        String name = user();
        for (int i = 0; i < limit - 1; i++) {
            given().auth().preemptive().basic(name, "wrong").get("/api/tokens").then().statusCode(401);
        }
        given().auth().preemptive().basic(name, PASSWORD).get("/api/tokens").then().statusCode(200);
        for (int i = 0; i < limit - 1; i++) {
            given().auth().preemptive().basic(name, "wrong").get("/api/tokens").then().statusCode(401);
        }
        given().auth().preemptive().basic(name, PASSWORD).get("/api/tokens").then().statusCode(200);
    }

    @Test
    void formSignInsAreSentToTheSignInPageWithAThrottleMessage() {
        int limit = config.login().maxFailuresPerUser();
        String name = user();
        for (int i = 0; i < limit; i++) {
            Response r = given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                    .formParam("j_username", name).formParam("j_password", "wrong").post("/j_security_check");
            assertEquals(302, r.statusCode());
            assertTrue(r.header("Location").endsWith("/login?error=true"), r.header("Location"));
        }
        Response refused = given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("j_username", name).formParam("j_password", PASSWORD).post("/j_security_check");
        assertEquals(302, refused.statusCode());
        assertTrue(refused.header("Location").endsWith("/login?error=throttled"), refused.header("Location"));
        assertEquals(null, refused.detailedCookie("quarkus-credential"), "no session for a throttled sign-in");
        given().get("/login?error=throttled").then().statusCode(200).body(containsString("Too many failed sign-ins"));
        given().get("/login?error=true").then().statusCode(200).body(containsString("Wrong user name or password"));
    }

    @Test
    void disabledAccountsCannotSignIn() {
        String name = user();
        given().auth().preemptive().basic(name, PASSWORD).get("/api/tokens").then().statusCode(200);
        accounts.update(name, new AccountService.UserChange(null, false, null, null));
        given().auth().preemptive().basic(name, PASSWORD).get("/api/tokens").then().statusCode(401);
        Response form = given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("j_username", name).formParam("j_password", PASSWORD).post("/j_security_check");
        assertTrue(form.header("Location").endsWith("/login?error=true"));
    }
}
