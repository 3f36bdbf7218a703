package org.relabel.account;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.relabel.testing.TestUsers.as;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relabel.testing.TestUsers;

/**
 * Calls every route of {@link RouteTable} as anonymous and as each role and checks the answer against
 * the table. All mismatches are reported together.
 */
@QuarkusTest
class AuthorizationMatrixTest {
    /** A class name an annotator must never see (the original label of the fixture's only image). */
    static final String SECRET_LABEL = "authz-original-label";

    @Inject
    AccountService accounts;

    @BeforeEach
    void fixture() {
        TestUsers.ensure(accounts);
        Response existing = as("admin").get("/api/datasets/" + RouteTable.DATASET);
        if (existing.statusCode() == 404) {
            as("admin").contentType("application/json").body("{\"name\":\"Authorization fixture\"}")
                    .put("/api/datasets/" + RouteTable.DATASET).then().statusCode(201);
            as("admin").contentType("text/csv").body("key,name\nsecret," + SECRET_LABEL + "\n")
                    .post("/api/datasets/" + RouteTable.DATASET + "/classes").then().statusCode(200);
            as("admin").contentType("text/csv").body("image,label\nsecret.jpg,secret\n")
                    .post("/api/datasets/" + RouteTable.DATASET + "/images").then().statusCode(200);
        }
        TestUsers.members(RouteTable.DATASET);
    }

    /** The CSRF token of a fresh browser visit: the cookie set by a page, to echo in form posts. */
    static String csrfToken() {
        String token = given().get("/login").then().statusCode(200).extract().cookie("csrf-token");
        assertNotNull(token, "GET /login sets the csrf-token cookie");
        return token;
    }

    static Response call(RouteTable.Route route, String role, String csrf) {
        RequestSpecification spec = role == null ? given() : as(role);
        spec = spec.redirects().follow(false).accept(route.api() ? "application/json" : "text/html");
        if (route.contentType() != null) {
            String body = route.body();
            if (route.form() && route.jaxrs()) {
                spec = spec.cookie("csrf-token", csrf);
                body = "csrf-token=" + csrf + (body.isEmpty() ? "" : "&" + body);
            }
            spec = spec.contentType(route.contentType());
            spec = route.contentType().startsWith("multipart/") ? spec.body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)) : spec.body(body);
        }
        return spec.request(route.method(), route.path());
    }

    @Test
    void everyRouteAnswersEachCallerAsTheTableSays() {
        String csrf = csrfToken();
        List<String> mismatches = new ArrayList<>();
        int calls = 0;
        for (RouteTable.Route route : RouteTable.ROUTES) {
            Response anonymous = call(route, null, csrf);
            calls++;
            int status = anonymous.statusCode();
            String location = anonymous.header("Location");
            boolean toLogin = status == 302 && location != null && location.endsWith("/login");
            if (route.isPublic()) {
                if (status == 401 || status == 403 || toLogin) {
                    mismatches.add(route.key() + " anonymous: expected access, got " + status);
                }
            } else if (route.api() ? status != 401 : !toLogin) {
                mismatches.add(route.key() + " anonymous: expected " + (route.api() ? "401" : "302 to /login")
                        + ", got " + status + (location == null ? "" : " -> " + location));
            }
            for (String role : Roles.ALL) {
                Response r = call(route, role, csrf);
                calls++;
                int s = r.statusCode();
                boolean allowed = route.isPublic() || route.roles().contains(role);
                if (allowed && (s == 401 || s == 403)) {
                    mismatches.add(route.key() + " as " + role + ": expected access, got " + s + " " + r.asString());
                } else if (!allowed && s != 403) {
                    mismatches.add(route.key() + " as " + role + ": expected 403, got " + s);
                }
            }
        }
        assertEquals(List.of(), mismatches, "routes answering differently from RouteTable (" + calls + " calls)");
    }

    @Test
    void nothingAnAnnotatorMayReadContainsAnOriginalLabel() {
        List<String> leaks = new ArrayList<>();
        for (RouteTable.Route route : RouteTable.ROUTES) {
            if (!route.method().equals("GET") || !(route.isPublic() || route.roles().contains(Roles.ANNOTATOR))) continue;
            String body = call(route, Roles.ANNOTATOR, null).asString();
            if (body.contains(SECRET_LABEL) || body.contains("secret.jpg")) leaks.add(route.key());
        }
        // the fixture is readable to its members, so the check above is not vacuous
        as("curator").get("/api/datasets/" + RouteTable.DATASET + "/images/secret.jpg").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString(SECRET_LABEL));
        assertEquals(List.of(), leaks, "routes open to annotators that return original labels");
    }
}
