package org.relabel.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.relabel.testing.TestUsers.as;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Cookie;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relabel.RelabelConfig;
import org.relabel.account.AccountService;
import org.relabel.account.SecurityConfig;
import org.relabel.account.SessionKeyConfigSourceFactory;
import org.relabel.testing.FailingEndpoints;
import org.relabel.testing.TestUsers;

/** Browser-facing security: session cookie, CSRF, security headers, escaping, error bodies. */
@QuarkusTest
class WebSecurityTest {
    static final String PROBLEM = "application/problem+json";
    static final String XSS = "<script>alert(1)</script>";

    @Inject
    AccountService accounts;
    @Inject
    SecurityConfig security;
    @Inject
    RelabelConfig config;

    @BeforeEach
    void users() {
        TestUsers.ensure(accounts);
    }

    static Cookie signIn(String user) {
        Response r = given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("j_username", user).formParam("j_password", TestUsers.PASSWORD)
                .post("/j_security_check");
        assertEquals(302, r.statusCode());
        Cookie session = r.detailedCookie("quarkus-credential");
        assertNotNull(session, "form login sets the session cookie");
        return session;
    }

    static String csrf() {
        return given().get("/login").then().statusCode(200).extract().cookie("csrf-token");
    }

    @Test
    void formLoginSetsAnHttpOnlySameSiteStrictSessionCookieThatOpensPages() {
        Cookie session = signIn("test-curator");
        assertTrue(session.isHttpOnly());
        assertEquals("Strict", session.getSameSite(), "SameSite");
        assertFalse(session.isSecured(), "plain HTTP without forwarded headers: not Secure");
        given().cookie("quarkus-credential", session.getValue()).redirects().follow(false).get("/")
                .then().statusCode(200).body(containsString("test-curator"));
    }

    @Test
    void sessionCookiesAreEncryptedWithTheKeyKeptInTheDataDirectory() throws Exception {
        java.nio.file.Path file = config.dataDir().resolve("secret").resolve("session.key");
        String key = Files.readString(file).strip();
        assertEquals(key, ConfigProvider.getConfig().getValue(SessionKeyConfigSourceFactory.KEY, String.class));
        // decrypt the cookie as Quarkus does: AES-GCM with SHA-256 of the key, iv length and iv before the data
        byte[] cookie = Base64.getDecoder().decode(signIn("test-researcher").getValue());
        ByteBuffer buf = ByteBuffer.wrap(cookie);
        byte[] iv = new byte[buf.get()];
        buf.get(iv);
        byte[] data = new byte[buf.remaining()];
        buf.get(data);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(MessageDigest.getInstance("SHA-256")
                .digest(key.getBytes(StandardCharsets.UTF_8)), "AES"), new GCMParameterSpec(128, iv));
        String plain = new String(cipher.doFinal(data), StandardCharsets.UTF_8);
        assertTrue(plain.endsWith(":test-researcher"), plain);
    }

    @Test
    void signOutNeedsTheFormTokenAndDropsTheSession() {
        Cookie session = signIn("test-admin");
        String token = csrf();
        Response refused = given().cookie("quarkus-credential", session.getValue()).cookie("csrf-token", token)
                .redirects().follow(false).accept("text/html").contentType("application/x-www-form-urlencoded")
                .formParam("other", "x").post("/logout");
        assertEquals(400, refused.statusCode());
        assertTrue(refused.asString().contains("CSRF token"), refused.asString());
        Response out = given().cookie("quarkus-credential", session.getValue()).cookie("csrf-token", token)
                .redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("csrf-token", token).post("/logout");
        assertEquals(303, out.statusCode());
        assertEquals("", out.detailedCookie("quarkus-credential").getValue());
        assertEquals(0, out.detailedCookie("quarkus-credential").getMaxAge());
    }

    @Test
    void pagesCarryTheFormTokenOfTheirCookie() {
        Cookie session = signIn("test-admin");
        Response page = given().cookie("quarkus-credential", session.getValue()).get("/account");
        String token = page.detailedCookie("csrf-token").getValue();
        assertTrue(page.asString().contains("name=\"csrf-token\" value=\"" + token + "\""));
        assertEquals("Strict", page.detailedCookie("csrf-token").getSameSite());
        assertTrue(page.detailedCookie("csrf-token").isHttpOnly());
    }

    @Test
    void browserFormPostWithoutTokenIsRefusedButScriptsPostWithoutOne() {
        // a browser (it says where the request comes from) must send the token
        as("admin").header("Sec-Fetch-Site", "same-origin").contentType("application/x-www-form-urlencoded")
                .formParam("username", "").post("/admin/users").then().statusCode(400)
                .contentType(PROBLEM).body("type", equalTo("urn:relabel:csrf"));
        // a script with credentials and no browser headers needs none (curl -F / -d)
        as("admin").accept("text/html").contentType("application/x-www-form-urlencoded").formParam("username", "")
                .post("/admin/users").then().statusCode(400).body(containsString("username must be"));
        as("admin").multiPart("name", "x").post("/api/jobs/nope/cancel").then().statusCode(404)
                .body("type", equalTo("urn:relabel:not-found"));
        // JSON, CSV and zip API calls are not forms
        as("researcher").contentType("application/json").body("{\"name\":\"t\"}").post("/api/tokens").then().statusCode(201);
    }

    @Test
    void crossSiteStateChangingRequestsAreRefused() {
        as("researcher").header("Origin", "https://evil.example").contentType("application/json")
                .body("{\"name\":\"t\"}").post("/api/tokens").then().statusCode(403).contentType(PROBLEM)
                .body("type", equalTo("urn:relabel:cross-site"));
        as("researcher").header("Sec-Fetch-Site", "cross-site").contentType("application/json")
                .body("{\"name\":\"t\"}").post("/api/tokens").then().statusCode(403);
        String self = "http://localhost:" + io.restassured.RestAssured.port;
        as("researcher").header("Origin", self).header("Sec-Fetch-Site", "same-origin").contentType("application/json")
                .body("{\"name\":\"t\"}").post("/api/tokens").then().statusCode(201);
        // reading is not state-changing
        as("researcher").header("Origin", "https://evil.example").get("/api/tokens").then().statusCode(200);
    }

    @Test
    void everyResponseCarriesSecurityHeaders() {
        for (Response r : List.of(given().get("/login"), given().get("/api/datasets"), given().get("/css/app.css"),
                as("admin").get("/api/datasets"), given().redirects().follow(false).get("/account"))) {
            r.then().header("Content-Security-Policy", equalTo(security.contentSecurityPolicy()))
                    .header("X-Content-Type-Options", "nosniff").header("X-Frame-Options", "DENY")
                    .header("Referrer-Policy", "same-origin");
        }
        String csp = security.contentSecurityPolicy();
        assertTrue(csp.contains("script-src 'self';") && csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe"), csp);
        given().get("/q/swagger-ui/").then().statusCode(200)
                .header("Content-Security-Policy", equalTo(security.toolContentSecurityPolicy()));
    }

    @Test
    void pagesHaveNoInlineScriptsStylesOrHandlers() {
        String key = "ds-" + UUID.randomUUID().toString().substring(0, 8);
        as("admin").contentType("application/json").body("{}").put("/api/datasets/" + key).then().statusCode(201);
        Pattern inlineScript = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE);
        Pattern handler = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);
        Pattern style = Pattern.compile("<style|\\sstyle\\s*=", Pattern.CASE_INSENSITIVE);
        for (String page : List.of("/", "/account", "/admin/users", "/curate/annotators", "/datasets/" + key, "/login")) {
            String html = as("admin").accept("text/html").get(page).then().statusCode(200).extract().asString();
            assertFalse(inlineScript.matcher(html).find(), page + " has an inline script");
            assertFalse(handler.matcher(html).find(), page + " has an inline event handler");
            assertFalse(style.matcher(html).find(), page + " has inline style");
        }
    }

    @Test
    void userTextIsEscapedOnPages() {
        String key = "ds-" + UUID.randomUUID().toString().substring(0, 8);
        as("admin").contentType("application/json").body("{\"name\":\"" + XSS + "\",\"description\":\"" + XSS + "\"}")
                .put("/api/datasets/" + key).then().statusCode(201);
        as("admin").contentType("text/csv").body("key,name\nn1,\"" + XSS + "\"\n")
                .post("/api/datasets/" + key + "/classes").then().statusCode(200);
        String page = as("admin").get("/datasets/" + key).then().statusCode(200).extract().asString();
        assertFalse(page.contains(XSS), "raw script tag on the page");
        assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the class name is shown as text");
        String home = as("admin").get("/").then().statusCode(200).extract().asString();
        assertFalse(home.contains(XSS));
        as("admin").contentType("application/json").body("{\"username\":\"x-esc\",\"roles\":[],\"displayName\":\"" + XSS + "\"}")
                .post("/api/users").then().statusCode(201);
        String users = as("admin").get("/admin/users").then().statusCode(200).extract().asString();
        assertFalse(users.contains(XSS));
    }

    @Test
    void internalErrorsShowAnIncidentButNoStackTraceOrSql() {
        for (String path : List.of("/test-only/fail", "/test-only/vertx-fail")) {
            for (String accept : List.of("application/json", "text/html")) {
                Response r = given().accept(accept).get(path);
                assertEquals(500, r.statusCode(), path);
                String body = r.asString();
                assertTrue(body.contains("incident"), path + " " + accept + ": " + body);
                for (String leak : List.of("SELECT", "password_hash", "SQLException", "IllegalStateException", "at org.",
                        "at io.", "java.")) {
                    assertFalse(body.contains(leak), path + " " + accept + " leaks '" + leak + "': " + body);
                }
            }
        }
        given().accept("application/json").get("/test-only/fail").then().contentType(PROBLEM)
                .body("type", equalTo("urn:relabel:internal-error"));
        assertTrue(FailingEndpoints.SECRET_SQL.contains("SELECT"), "the test would catch the message");
    }

    @Test
    void badRequestsAnswerWithoutInternals() {
        as("admin").contentType("application/json").body("{\"username\": [}").post("/api/users").then().statusCode(400)
                .contentType(PROBLEM).body("detail", not(containsString("com.fasterxml")))
                .body("detail", not(containsString("Exception")));
        as("admin").contentType("application/json").body("{\"username\": [1]}").post("/api/users").then().statusCode(400)
                .contentType(PROBLEM).body("type", equalTo("urn:relabel:bad-json"))
                .body("detail", containsString("'username'")).body("detail", not(containsString("String")));
        as("admin").get("/api/tokens/not-a-number").then().statusCode(405);
    }
}
