package org.relabel.annotation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.relabel.testing.TestUsers.as;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relabel.account.Account;
import org.relabel.account.AccountService;
import org.relabel.account.Roles;
import org.relabel.testing.TestUsers;

@QuarkusTest
class CrowdInviteTest {

    @Inject
    AccountService accounts;
    @Inject
    AgroalDataSource db;
    @Inject
    CrowdService crowd;

    CampaignFixture f;

    @BeforeEach
    void setUp() {
        TestUsers.ensure(accounts);
        f = CampaignFixture.create(db, 6, 6);
    }

    long open(String name) {
        long id = as("curator").contentType("application/json").body("{\"name\":\"" + name + "\",\"overlap\":3,\"completionAfter\":1}")
                .post("/api/datasets/" + f.dataset + "/campaigns").then().statusCode(201).extract().jsonPath().getLong("id");
        as("curator").post("/api/datasets/" + f.dataset + "/campaigns/" + id + "/open").then().statusCode(200);
        return id;
    }

    /** The path and query of an invite link made through the API. */
    String invite(long campaign, String worker) {
        String url = as("curator").contentType("application/json").body(worker == null ? "{}" : "{\"worker\":\"" + worker + "\"}")
                .post("/api/datasets/" + f.dataset + "/campaigns/" + campaign + "/invites").then().statusCode(200)
                .extract().jsonPath().getString("url");
        URI uri = URI.create(url);
        return uri.getRawPath() + "?" + uri.getRawQuery();
    }

    static Response join(String link) {
        return given().accept("text/html").redirects().follow(false).get(link);
    }

    /** The crowd-session cookie a response sets, or null (other cookies, e.g. the CSRF one, may come too). */
    static String crowdCookie(Response r) {
        return r.headers().getValues("Set-Cookie").stream().filter(h -> h.startsWith("relabel-crowd=")).findFirst().orElse(null);
    }

    static String worker() {
        return "W" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void personalLinkCreatesTheWorkerAccountOnFirstUseAndSignsItIn() throws SQLException {
        long c = open("Crowd round");
        String w = worker();
        Response first = join(invite(c, w));
        first.then().statusCode(200).body(containsString("Welcome")).body(containsString("/annotate/" + c))
                .body(not(containsString("Welcome back")));
        String setCookie = crowdCookie(first);
        assertTrue(setCookie != null && setCookie.contains("HttpOnly")
                && setCookie.toLowerCase().contains("samesite=strict") && setCookie.contains("Path=/"), setCookie);
        String session = first.getCookie("relabel-crowd");

        given().cookie("relabel-crowd", session).get("/api/campaigns").then().statusCode(200)
                .body("id", equalTo(List.of((int) c)));
        JsonPath lease = given().cookie("relabel-crowd", session).contentType("application/json")
                .post("/api/campaigns/" + c + "/assignments").then().statusCode(201).extract().jsonPath();
        // a crowd worker's submission checks membership on a worker thread, then goes to the group commit
        given().cookie("relabel-crowd", session).contentType("application/json")
                .body(Map.of("assignment", lease.getLong("id"), "selected", List.of(lease.getString("candidates[0].key")),
                        "idempotencyKey", "crowd-" + w))
                .post("/api/campaigns/" + c + "/judgments?next=true").then().statusCode(201)
                .body("assignment", equalTo(lease.getInt("id"))).body("next.id", notNullValue());
        given().cookie("relabel-crowd", session).accept("text/html").get("/annotate/" + c).then().statusCode(200)
                .body(containsString("data-campaign=\"" + c + "\""));
        // annotator only: no datasets, no campaign management
        given().cookie("relabel-crowd", session).get("/api/datasets").then().statusCode(403);

        Account account = QuarkusTransaction.requiringNew().call(() -> Account.byUsername("crowd-" + w).orElseThrow());
        assertEquals(Roles.ANNOTATOR, account.roles);
        try (Connection conn = db.getConnection();
             PreparedStatement ps = conn.prepareStatement("SELECT worker_id FROM crowd_worker WHERE account_id = ?")) {
            ps.setLong(1, account.id);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(w, rs.getString(1));
            }
        }
        // second use: the same account, welcomed back, with the completion code once earned
        join(invite(c, w)).then().statusCode(200).body(containsString("Welcome back"));
        assertEquals(1L, QuarkusTransaction.requiringNew().call(() -> Account.count("username", "crowd-" + w)));
    }

    @Test
    void changedOrForeignSignaturesAreRefused() {
        long c = open("Guarded");
        long other = open("Other");
        String w = worker();
        String link = invite(c, w);
        assertNull(crowdCookie(join(link.replace("worker=" + w, "worker=" + w + "x")).then().statusCode(404).extract().response()));
        join(link.replace("/join/" + c, "/join/" + other)).then().statusCode(404);
        join(link.substring(0, link.length() - 3) + "abc").then().statusCode(404);
        join("/join/" + c + "?worker=" + w).then().statusCode(404);
        join(link.replace("worker=" + w, "worker=bad%20id")).then().statusCode(400).contentType(containsString("text/html"));
        assertTrue(QuarkusTransaction.requiringNew().call(() -> Account.byUsername("crowd-" + w + "x").isEmpty()));
    }

    @Test
    void openLinkTakesTheWorkerIdOfTheCrowdPlatformOrMakesAnAnonymousAccount() {
        long c = open("Open link");
        String link = invite(c, null);
        String w = worker();
        join(link + "&worker=" + w).then().statusCode(200);
        assertTrue(QuarkusTransaction.requiringNew().call(() -> Account.byUsername("crowd-" + w).isPresent()));
        String a = join(link).then().statusCode(200).extract().cookie("relabel-crowd");
        String b = join(link).then().statusCode(200).extract().cookie("relabel-crowd");
        String userA = crowd.sessionUser(a);
        String userB = crowd.sessionUser(b);
        assertNotNull(userA);
        assertTrue(userA.startsWith("crowdanon-"), userA);
        assertNotEquals(userA, userB);
    }

    @Test
    void crowdWorkersSeeOnlyTheCampaignsTheyJoined() {
        long joined = open("Joined");
        long notJoined = open("Not joined");
        String session = join(invite(joined, worker())).then().statusCode(200).extract().cookie("relabel-crowd");
        given().cookie("relabel-crowd", session).get("/api/campaigns").then().statusCode(200)
                .body("id", equalTo(List.of((int) joined)));
        given().cookie("relabel-crowd", session).contentType("application/json").post("/api/campaigns/" + notJoined + "/assignments").then().statusCode(404);
        given().cookie("relabel-crowd", session).contentType("application/json")
                .body(Map.of("assignment", 1, "selected", List.of("x"), "idempotencyKey", "not-joined"))
                .post("/api/campaigns/" + notJoined + "/judgments").then().statusCode(404).contentType("application/problem+json");
        given().cookie("relabel-crowd", session).accept("text/html").get("/annotate/" + notJoined).then().statusCode(404);
        // team annotators see every open campaign
        as("annotator").get("/api/campaigns").then().statusCode(200).body("id", hasItem((int) notJoined))
                .body("id", hasItem((int) joined));
    }

    @Test
    void anAccountNotMadeByAnInviteCannotBeTakenOverByALink() {
        long c = open("Hijack");
        String w = worker();
        accounts.create("crowd-" + w, TestUsers.PASSWORD, List.of(Roles.ANNOTATOR, Roles.CURATOR), "real person");
        assertNull(crowdCookie(join(invite(c, w)).then().statusCode(403).extract().response()));
    }

    @Test
    void forgedOrExpiredSessionsAreAnonymous() {
        long c = open("Forged");
        given().cookie("relabel-crowd", "Y3Jvd2QteA.9999999999.forged").get("/api/campaigns").then().statusCode(401);
        given().cookie("relabel-crowd", crowd.signer().session("test-admin", 1)).get("/api/campaigns").then().statusCode(401);
        assertNull(crowd.sessionUser("nonsense"));
        // a valid token for a user works, which is why only the server can mint them
        String token = crowd.sessionToken("test-annotator");
        given().cookie("relabel-crowd", token).get("/api/campaigns/" + c).then().statusCode(200);
    }

    @Test
    void closedCampaignsTakeNoNewWorkersAndSignOutDropsTheSession() {
        long c = open("Closing");
        String link = invite(c, worker());
        as("curator").post("/api/datasets/" + f.dataset + "/campaigns/" + c + "/close").then().statusCode(200);
        join(link).then().statusCode(409);
        String csrf = "Q".repeat(22);
        assertTrue(given().redirects().follow(false).cookie("csrf-token", csrf).header("X-CSRF-TOKEN", csrf)
                .post("/logout").headers().getValues("Set-Cookie").stream()
                .anyMatch(h -> h.startsWith("relabel-crowd=") && h.contains("Max-Age=0")));
    }
}
