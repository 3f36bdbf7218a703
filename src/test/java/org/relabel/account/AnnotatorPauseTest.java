package org.relabel.account;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.relabel.testing.TestUsers.as;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relabel.annotation.Judgment;
import org.relabel.dataset.Dataset;
import org.relabel.dataset.Image;
import org.relabel.testing.TestUsers;

/** Pausing annotators: automatic rules, curator review and reinstatement, exclusion of judgments. */
@QuarkusTest
class AnnotatorPauseTest {
    static final SpamRules.Stats SPAMMER = new SpamRules.Stats(40, 20, 4, 1.0, 6.0);
    static final SpamRules.Stats GOOD = new SpamRules.Stats(40, 20, 18, 6.0, 6.0);

    @Inject
    AccountService accounts;
    @Inject
    AnnotatorPauses pauses;

    String key;

    @BeforeEach
    void fixture() {
        TestUsers.ensure(accounts);
        key = "ap-" + UUID.randomUUID().toString().substring(0, 8);
        as("admin").contentType("application/json").body("{}").put("/api/datasets/" + key).then().statusCode(201);
        as("admin").contentType("text/csv").body("key,name\nn1,one\nn2,two\n").post("/api/datasets/" + key + "/classes")
                .then().statusCode(200);
        as("admin").contentType("text/csv").body("image,label\na.jpg,n1\nb.jpg,n2\n").post("/api/datasets/" + key + "/images")
                .then().statusCode(200);
    }

    static String annotator() {
        return "ann-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A campaign row of the fixture's dataset (judgments of a campaign must point at one). */
    long campaign() {
        return QuarkusTransaction.requiringNew().call(() -> {
            org.relabel.annotation.Campaign c = new org.relabel.annotation.Campaign();
            c.datasetId = Dataset.byKey(key).orElseThrow().id;
            c.name = "pause test";
            c.state = org.relabel.annotation.Campaign.State.DRAFT;
            c.modelIds = "";
            c.topK = 5;
            c.maxCandidates = 12;
            c.selection = "{}";
            c.overlap = 3;
            c.leaseSeconds = 600;
            c.completionCode = "RL-TEST";
            c.completionAfter = 20;
            c.createdAt = OffsetDateTime.now();
            c.persist();
            return c.id;
        });
    }

    /** Stores a judgment of the annotator on every image of the dataset; returns their ids. */
    List<Long> judgments(String annotator, Long campaign, boolean excluded) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Dataset ds = Dataset.byKey(key).orElseThrow();
            return Image.<Image>list("datasetId", ds.id).stream().map(img -> {
                Judgment j = new Judgment();
                j.datasetId = ds.id;
                j.imageId = img.id;
                j.campaignId = campaign;
                j.annotator = annotator;
                j.source = Judgment.CAMPAIGN;
                j.excluded = excluded;
                j.createdAt = OffsetDateTime.now();
                j.persist();
                return j.id;
            }).toList();
        });
    }

    static long excluded(List<Long> ids) {
        return QuarkusTransaction.requiringNew().call(() -> Judgment.count("id in ?1 and excluded = true", ids));
    }

    @Test
    void spammerIsPausedAutomaticallyAndTheirJudgmentsExcluded() {
        String a = annotator();
        long c7 = campaign();
        long c8 = campaign();
        List<Long> ids = judgments(a, c7, false);
        List<Long> elsewhere = judgments(a, c8, false);
        var pause = pauses.evaluate(a, c7, SPAMMER).orElseThrow();
        assertEquals(SpamRules.GOLD_ACCURACY, pause.reason());
        assertEquals(AnnotatorPause.AUTO, pause.origin());
        assertEquals(ids.size(), pause.excludedJudgments());
        assertTrue(pauses.isPaused(a, c7));
        assertFalse(pauses.isPaused(a, c8), "the pause is for campaign 7 only");
        assertFalse(pauses.isPaused(a));
        assertEquals(ids.size(), excluded(ids));
        assertEquals(0, excluded(elsewhere));
        assertTrue(pauses.pausedAnnotators(c7).contains(a));
        List<Long> late = judgments(a, c7, false); // answers to images leased before the pause
        QuarkusTransaction.requiringNew().run(() -> pauses.applyPauses(a, c7));
        assertEquals(late.size(), excluded(late));
        assertTrue(pauses.evaluate(a, c7, SPAMMER).isEmpty(), "already paused: no second pause");
    }

    @Test
    void goodAnnotatorsAreNotPaused() {
        String a = annotator();
        assertTrue(pauses.evaluate(a, null, GOOD).isEmpty());
        assertFalse(pauses.isPaused(a));
    }

    @Test
    void curatorReinstatesAndOnlyThePausesExclusionsAreUndone() {
        String a = annotator();
        List<Long> earlier = judgments(a, null, true); // excluded for another reason before the pause
        List<Long> ids = judgments(a, null, false);
        as("curator").contentType("application/json").body("{\"annotator\":\"" + a + "\",\"detail\":\"random clicks\"}")
                .post("/api/annotators/pauses").then().statusCode(201).body("origin", equalTo("curator"))
                .body("reason", equalTo("manual")).body("pausedBy", equalTo("test-curator"))
                .body("excludedJudgments", equalTo(ids.size()));
        assertTrue(pauses.isPaused(a));
        as("curator").contentType("application/json").body("{\"annotator\":\"" + a + "\"}")
                .post("/api/annotators/pauses").then().statusCode(409);
        as("curator").get("/api/annotators/pauses").then().statusCode(200).body("annotator", hasItem(a));
        as("curator").contentType("application/json").body("{\"annotator\":\"" + a + "\",\"note\":\"checked by hand\"}")
                .post("/api/annotators/reinstate").then().statusCode(200).body("[0].reinstatedBy", equalTo("test-curator"))
                .body("[0].reinstateNote", equalTo("checked by hand"));
        assertFalse(pauses.isPaused(a));
        assertEquals(0, excluded(ids));
        assertEquals(earlier.size(), excluded(earlier), "judgments excluded before the pause stay excluded");
        as("curator").get("/api/annotators/pauses").then().body("annotator", not(hasItem(a)));
        as("curator").get("/api/annotators/pauses?active=false").then().body("annotator", hasItem(a));
        as("curator").contentType("application/json").body("{\"annotator\":\"" + a + "\"}")
                .post("/api/annotators/reinstate").then().statusCode(404);
    }

    @Test
    void aReinstatedAnnotatorIsNotPausedAutomaticallyAgainThere() {
        String a = annotator();
        pauses.evaluate(a, 3L, SPAMMER).orElseThrow();
        pauses.reinstate(a, 3L, "gold answers were wrong", "test-curator");
        assertTrue(pauses.evaluate(a, 3L, SPAMMER).isEmpty());
        assertTrue(pauses.evaluate(a, 4L, SPAMMER).isPresent(), "another campaign is judged on its own");
    }

    @Test
    void reinstatingOneOfTwoPausesKeepsTheOtherExclusions() {
        String a = annotator();
        long c5 = campaign();
        List<Long> ids = judgments(a, c5, false);
        pauses.pause(a, c5, "first", "test-curator");
        pauses.pause(a, null, "everywhere", "test-curator");
        pauses.reinstate(a, c5, null, "test-curator");
        assertTrue(pauses.isPaused(a, c5), "still paused everywhere");
        assertEquals(ids.size(), excluded(ids));
        pauses.reinstate(a, null, null, "test-curator");
        assertEquals(0, excluded(ids));
    }

    @Test
    void curatorPageListsPausesAndReinstatesByForm() {
        String a = annotator();
        String name = "pg-" + UUID.randomUUID().toString().substring(0, 6);
        accounts.create(name, "annotator-pw-1", List.of(Roles.ANNOTATOR), "<b>" + name + "</b>");
        pauses.evaluate(a, 9L, SPAMMER).orElseThrow();
        String page = as("curator").get("/curate/annotators").then().statusCode(200).extract().asString();
        assertTrue(page.contains(a) && page.contains("gold-accuracy") && page.contains("campaign 9"), page);
        assertTrue(page.contains("&lt;b&gt;" + name), "display names are escaped");
        String csrf = io.restassured.RestAssured.given().get("/login").then().extract().cookie("csrf-token");
        as("curator").cookie("csrf-token", csrf).redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("csrf-token", csrf).formParam("annotator", a).formParam("campaign", "9").formParam("note", "ok")
                .post("/curate/annotators/reinstate").then().statusCode(303);
        assertFalse(pauses.isPaused(a, 9L));
        as("curator").cookie("csrf-token", csrf).redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("csrf-token", csrf).formParam("annotator", name).formParam("campaign", "")
                .formParam("detail", "odd answers").post("/curate/annotators/pause").then().statusCode(303);
        assertTrue(pauses.isPaused(name));
        as("curator").get("/api/annotators").then().statusCode(200)
                .body("find { it.username == '" + name + "' }.paused", equalTo(true));
        as("curator").cookie("csrf-token", csrf).contentType("application/x-www-form-urlencoded")
                .formParam("csrf-token", csrf).formParam("annotator", name).formParam("campaign", "x")
                .post("/curate/annotators/pause").then().statusCode(400).body(containsString("campaign must be a number"));
    }
}
