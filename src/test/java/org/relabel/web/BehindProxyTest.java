package org.relabel.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.relabel.account.AccountService;
import org.relabel.testing.TestUsers;

/**
 * Relabel behind a TLS-terminating proxy, configured as docs/admin-guide.md says: forwarded headers
 * trusted, cookies forced Secure, a low per-address sign-in limit.
 */
@QuarkusTest
@TestProfile(BehindProxyTest.Proxy.class)
class BehindProxyTest {
    static final int ADDRESS_LIMIT = 3;

    /** The proxy settings. */
    public static class Proxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "relabel.security.secure-cookies", "true",
                    "relabel.security.login.max-failures-per-address", String.valueOf(ADDRESS_LIMIT));
        }
    }

    @Inject
    AccountService accounts;

    @Test
    void cookiesAreSecureAndHttpsGetsHsts() {
        TestUsers.ensure(accounts);
        Response login = given().redirects().follow(false).header("X-Forwarded-Proto", "https")
                .contentType("application/x-www-form-urlencoded").formParam("j_username", "test-curator")
                .formParam("j_password", TestUsers.PASSWORD).post("/j_security_check");
        assertEquals(302, login.statusCode());
        assertTrue(login.detailedCookie("quarkus-credential").isSecured());
        assertTrue(login.header("Strict-Transport-Security").startsWith("max-age="));
        Response page = given().get("/login");
        assertTrue(page.detailedCookie("csrf-token").isSecured(), "forced Secure on plain HTTP too");
        page.then().header("Strict-Transport-Security", nullValue());
    }

    @Test
    void oneClientAddressIsThrottledAcrossUserNames() {
        TestUsers.ensure(accounts);
        String address = "203.0.113." + (1 + new java.util.Random().nextInt(250));
        for (int i = 0; i < ADDRESS_LIMIT; i++) {
            given().header("X-Forwarded-For", address).auth().preemptive().basic("nobody-" + UUID.randomUUID(), "x")
                    .get("/api/tokens").then().statusCode(401);
        }
        given().header("X-Forwarded-For", address).auth().preemptive().basic("test-researcher", TestUsers.PASSWORD)
                .get("/api/tokens").then().statusCode(429);
        Response form = given().header("X-Forwarded-For", address).redirects().follow(false)
                .contentType("application/x-www-form-urlencoded").formParam("j_username", "test-researcher")
                .formParam("j_password", TestUsers.PASSWORD).post("/j_security_check");
        assertTrue(form.header("Location").endsWith("/login?error=throttled"), form.header("Location"));
        given().header("X-Forwarded-For", "198.51.100.9").auth().preemptive().basic("test-researcher", TestUsers.PASSWORD)
                .get("/api/tokens").then().statusCode(200);
    }
}
