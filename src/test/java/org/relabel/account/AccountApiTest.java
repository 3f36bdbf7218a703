package org.relabel.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.relabel.testing.TestUsers.as;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relabel.testing.TestUsers;

/** Users (admin API) and API tokens (owner API). */
@QuarkusTest
class AccountApiTest {
    static final String PROBLEM = "application/problem+json";

    @Inject
    AccountService accounts;

    @BeforeEach
    void users() {
        TestUsers.ensure(accounts);
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String newUser(String roles, String password) {
        String name = uniqueName("u");
        as("admin").contentType("application/json")
                .body("{\"username\":\"" + name + "\",\"password\":\"" + password + "\",\"roles\":[" + roles + "]}")
                .post("/api/users").then().statusCode(201);
        return name;
    }

    @Test
    void adminCreatesUserWithGeneratedPasswordShownOnce() {
        String name = uniqueName("gen");
        Response created = as("admin").contentType("application/json")
                .body("{\"username\":\"" + name + "\",\"roles\":[\"curator\",\"researcher\"],\"displayName\":\"Gen\"}")
                .post("/api/users");
        created.then().statusCode(201).header("Location", org.hamcrest.Matchers.endsWith("/api/users/" + name)).header("Cache-Control", containsString("no-store"))
                .body("user.roles", equalTo(List.of("curator", "researcher"))).body("user.enabled", equalTo(true));
        String password = created.path("generatedPassword");
        assertNotNull(password);
        assertTrue(password.length() >= 20);
        given().auth().preemptive().basic(name, password).get("/api/datasets").then().statusCode(200);
        as("admin").get("/api/users/" + name).then().statusCode(200).body("generatedPassword", nullValue())
                .body("toString()", not(containsString(password)));
        String hash = QuarkusTransaction.requiringNew().call(() -> Account.byUsername(name).orElseThrow().passwordHash);
        assertTrue(hash.startsWith("$2"), "bcrypt hash stored: " + hash);
        assertFalse(hash.contains(password));
    }

    @Test
    void rejectsDuplicateUserUnknownRoleAndShortPassword() {
        String name = newUser("\"annotator\"", "long-enough-pw");
        as("admin").contentType("application/json").body("{\"username\":\"" + name + "\",\"roles\":[]}")
                .post("/api/users").then().statusCode(409).contentType(PROBLEM).body("type", equalTo("urn:relabel:conflict"));
        as("admin").contentType("application/json").body("{\"username\":\"x-" + name + "\",\"roles\":[\"root\"]}")
                .post("/api/users").then().statusCode(400).body("detail", containsString("unknown role 'root'"));
        as("admin").contentType("application/json").body("{\"username\":\"y-" + name + "\",\"password\":\"short\",\"roles\":[]}")
                .post("/api/users").then().statusCode(400).body("detail", containsString("at least 8"));
        as("admin").contentType("application/json").body("{\"username\":\"bad name!\",\"roles\":[]}")
                .post("/api/users").then().statusCode(400);
    }

    @Test
    void roleChangesAndDisablingTakeEffectAtOnce() {
        String name = newUser("\"annotator\"", "first-password");
        given().auth().preemptive().basic(name, "first-password").get("/api/datasets").then().statusCode(403);
        as("admin").contentType("application/json").body("{\"roles\":[\"researcher\"]}").put("/api/users/" + name)
                .then().statusCode(200).body("roles", equalTo(List.of("researcher")));
        given().auth().preemptive().basic(name, "first-password").get("/api/datasets").then().statusCode(200);
        as("admin").contentType("application/json").body("{\"enabled\":false}").put("/api/users/" + name)
                .then().statusCode(200).body("enabled", equalTo(false));
        given().auth().preemptive().basic(name, "first-password").get("/api/datasets").then().statusCode(401);
        as("admin").get("/api/users").then().statusCode(200).body("username", hasItem(name));
    }

    @Test
    void aSessionSeesRoleChangesAndDisablingAtOnceThoughItsAccountIsHeldBetweenRequests() {
        String name = newUser("\"annotator\"", "session-password");
        Response login = given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("j_username", name).formParam("j_password", "session-password").post("/j_security_check");
        assertEquals(302, login.statusCode());
        String session = login.getCookie("quarkus-credential");
        // the second request is answered from the account held since the first
        for (int i = 0; i < 2; i++) given().cookie("quarkus-credential", session).get("/api/datasets").then().statusCode(403);
        as("admin").contentType("application/json").body("{\"roles\":[\"researcher\"]}").put("/api/users/" + name)
                .then().statusCode(200);
        given().cookie("quarkus-credential", session).get("/api/datasets").then().statusCode(200);
        as("admin").contentType("application/json").body("{\"enabled\":false}").put("/api/users/" + name)
                .then().statusCode(200);
        // the session is over: form login sends the caller to sign in again
        given().cookie("quarkus-credential", session).redirects().follow(false).get("/api/datasets").then().statusCode(302)
                .header("Location", endsWith("/login"));
        as("admin").contentType("application/json").body("{\"enabled\":true}").put("/api/users/" + name)
                .then().statusCode(200);
        given().cookie("quarkus-credential", session).get("/api/datasets").then().statusCode(200);
    }

    @Test
    void adminResetsAPasswordAndTheOldOneStopsWorking() {
        String name = newUser("\"researcher\"", "old-password-1");
        given().auth().preemptive().basic(name, "old-password-1").get("/api/tokens").then().statusCode(200);
        as("admin").contentType("application/json").body("{\"password\":\"new-password-1\"}").put("/api/users/" + name)
                .then().statusCode(200);
        given().auth().preemptive().basic(name, "old-password-1").get("/api/tokens").then().statusCode(401);
        given().auth().preemptive().basic(name, "new-password-1").get("/api/tokens").then().statusCode(200);
    }

    @Test
    void theLastEnabledAdminCannotBeRemoved() {
        String name = newUser("\"admin\"", "admin-password-1");
        // other admins exist (admin, test-admin): demoting this one is fine
        as("admin").contentType("application/json").body("{\"roles\":[\"curator\"]}").put("/api/users/" + name)
                .then().statusCode(200);
        List<String> admins = as("admin").get("/api/users").jsonPath().getList("findAll { it.roles.contains('admin') && it.enabled }.username");
        String keep = "admin";
        // disable every other admin, then the last one cannot lose its role or be disabled
        for (String other : admins) {
            if (!other.equals(keep)) {
                as("admin").contentType("application/json").body("{\"enabled\":false}").put("/api/users/" + other)
                        .then().statusCode(200);
            }
        }
        try {
            given().auth().preemptive().basic("admin", "admin-test-pw").contentType("application/json")
                    .body("{\"roles\":[\"curator\"]}").put("/api/users/admin").then().statusCode(409)
                    .body("detail", containsString("at least one enabled admin"));
            given().auth().preemptive().basic("admin", "admin-test-pw").contentType("application/json")
                    .body("{\"enabled\":false}").put("/api/users/admin").then().statusCode(409);
            given().auth().preemptive().basic("admin", "admin-test-pw").get("/api/users/admin").then()
                    .body("roles", hasItem("admin")).body("enabled", equalTo(true));
        } finally {
            for (String other : admins) {
                given().auth().preemptive().basic("admin", "admin-test-pw").contentType("application/json")
                        .body("{\"enabled\":true}").put("/api/users/" + other).then().statusCode(200);
            }
        }
    }

    @Test
    void tokenIsShownOnceStoredHashedAndAuthenticatesBearerCalls() {
        String name = newUser("\"researcher\"", "token-owner-pw");
        Response created = given().auth().preemptive().basic(name, "token-owner-pw").contentType("application/json")
                .body("{\"name\":\"laptop\"}").post("/api/tokens");
        created.then().statusCode(201).header("Cache-Control", containsString("no-store"))
                .body("token", startsWith("rl_")).body("name", equalTo("laptop"));
        String token = created.path("token");
        long id = created.jsonPath().getLong("id");
        String stored = QuarkusTransaction.requiringNew().call(() -> ApiToken.<ApiToken>findById(id).hash);
        assertEquals(ApiTokenService.sha256(token), stored);
        assertFalse(stored.contains(token));

        given().header("Authorization", "Bearer " + token).get("/api/datasets").then().statusCode(200);
        given().header("Authorization", "Bearer " + token).get("/api/tokens").then().statusCode(200)
                .body("[0].name", equalTo("laptop")).body("[0].prefix", equalTo(token.substring(0, 9) + "…"))
                .body("[0].lastUsedAt", notNullValue())
                .body("toString()", not(containsString(token)));
        // the token acts with the owner's roles
        given().header("Authorization", "Bearer " + token).get("/api/users").then().statusCode(403);
    }

    @Test
    void revokedUnknownAndDisabledOwnersTokensAreRefused() {
        String name = newUser("\"curator\"", "revoker-pw-12");
        String t1 = given().auth().preemptive().basic(name, "revoker-pw-12").contentType("application/json")
                .body("{\"name\":\"a\"}").post("/api/tokens").path("token");
        Response second = given().auth().preemptive().basic(name, "revoker-pw-12").contentType("application/json")
                .body("{}").post("/api/tokens");
        String t2 = second.path("token");
        long id2 = second.jsonPath().getLong("id");
        // another user cannot revoke it
        as("admin").delete("/api/tokens/" + id2).then().statusCode(404);
        given().header("Authorization", "Bearer " + t2).delete("/api/tokens/" + id2).then().statusCode(204);
        given().header("Authorization", "Bearer " + t2).get("/api/tokens").then().statusCode(401)
                .header("WWW-Authenticate", org.hamcrest.Matchers.containsStringIgnoringCase("basic"));
        given().header("Authorization", "Bearer " + t1).get("/api/tokens").then().statusCode(200).body("size()", equalTo(1));
        given().header("Authorization", "Bearer rl_not-a-real-token").get("/api/tokens").then().statusCode(401);
        given().header("Authorization", "Bearer garbage").get("/api/tokens").then().statusCode(401);
        as("admin").contentType("application/json").body("{\"enabled\":false}").put("/api/users/" + name).then().statusCode(200);
        given().header("Authorization", "Bearer " + t1).get("/api/tokens").then().statusCode(401);
    }

    @Test
    void tokenPageShowsANewTokenOnceAndRevokes() {
        String name = newUser("\"annotator\"", "page-owner-pw");
        String csrf = given().get("/login").then().extract().cookie("csrf-token");
        Response page = given().auth().preemptive().basic(name, "page-owner-pw").cookie("csrf-token", csrf)
                .contentType("application/x-www-form-urlencoded").formParam("csrf-token", csrf).formParam("name", "ci")
                .post("/account/tokens");
        page.then().statusCode(200).header("Cache-Control", containsString("no-store"));
        String token = page.htmlPath().getString("**.find { it.@class == 'token js-select' }");
        assertTrue(token.startsWith("rl_"), token);
        given().header("Authorization", "Bearer " + token).get("/account").then().statusCode(200)
                .body(not(containsString(token)));
        long id = given().header("Authorization", "Bearer " + token).get("/api/tokens").jsonPath().getLong("[0].id");
        given().auth().preemptive().basic(name, "page-owner-pw").cookie("csrf-token", csrf).redirects().follow(false)
                .contentType("application/x-www-form-urlencoded").formParam("csrf-token", csrf)
                .post("/account/tokens/" + id + "/revoke").then().statusCode(303);
        // a script with a bad credential gets 401, not the sign-in page
        given().header("Authorization", "Bearer " + token).redirects().follow(false).get("/account").then().statusCode(401);
    }

    @Test
    void ownerChangesPasswordWithTheCurrentOne() {
        String name = newUser("\"annotator\"", "current-pw-1");
        String csrf = given().get("/login").then().extract().cookie("csrf-token");
        given().auth().preemptive().basic(name, "current-pw-1").cookie("csrf-token", csrf)
                .contentType("application/x-www-form-urlencoded").formParam("csrf-token", csrf)
                .formParam("current", "wrong-one").formParam("password", "next-pw-123").formParam("confirm", "next-pw-123")
                .post("/account/password").then().statusCode(400).body(containsString("not correct"));
        given().auth().preemptive().basic(name, "current-pw-1").cookie("csrf-token", csrf).redirects().follow(false)
                .contentType("application/x-www-form-urlencoded").formParam("csrf-token", csrf)
                .formParam("current", "current-pw-1").formParam("password", "next-pw-123").formParam("confirm", "next-pw-123")
                .post("/account/password").then().statusCode(303);
        given().auth().preemptive().basic(name, "next-pw-123").get("/account").then().statusCode(200);
        given().auth().preemptive().basic(name, "current-pw-1").get("/api/tokens").then().statusCode(401);
    }

    @Test
    void adminPageCreatesAndUpdatesUsers() {
        String csrf = given().get("/login").then().extract().cookie("csrf-token");
        String name = uniqueName("page");
        String html = as("admin").cookie("csrf-token", csrf).contentType("application/x-www-form-urlencoded")
                .formParam("csrf-token", csrf).formParam("username", name).formParam("roles", "annotator")
                .formParam("roles", "curator").post("/admin/users").then().statusCode(200).extract().asString();
        assertTrue(html.contains("Created <strong>" + name + "</strong>"), html);
        as("admin").get("/api/users/" + name).then().body("roles", equalTo(List.of("annotator", "curator")));
        as("admin").cookie("csrf-token", csrf).redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("csrf-token", csrf).formParam("roles", "researcher").formParam("displayName", "Page user")
                .post("/admin/users/" + name).then().statusCode(303);
        as("admin").get("/api/users/" + name).then().body("roles", equalTo(List.of("researcher")))
                .body("enabled", equalTo(false)).body("displayName", equalTo("Page user"));
    }
}
