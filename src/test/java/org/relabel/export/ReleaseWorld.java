package org.relabel.export;

import static org.hamcrest.Matchers.equalTo;
import static org.relabel.testing.TestUsers.as;

import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.relabel.testing.Jobs;
import org.relabel.testing.TestUsers;

/**
 * A small dataset for the release tests, built through the public API; the expected release labels are derived by
 * hand from these definitions:
 * <pre>
 * image                original  judgments                                           release v1 (majority; decision)
 * i1                   cat       a b c select cat (shown cat dog), main cat          [cat] main cat, consensus
 * i2                   cat       a b select cat dog, c cat; main cat                  [cat dog] main cat, consensus
 * i3                   dog       a b c select fox (shown dog fox), main fox          KEPT_ORIGINAL: [dog] main dog
 * i4                   fox       a b c select nothing (shown fox owl); d: fox maybe,  [] no main, consensus
 *                                owl no (CSV)
 * i5                   owl       none                                                [owl] main owl, original
 * odd, "quoted".jpg    cat       a b c select dog (shown cat dog), main dog          [dog] main dog, consensus
 *
 * model M: i1 cat, i2 dog, i3 dog, i4 owl, i5 owl, odd dog
 * </pre>
 * 16 judgments (a, b, c on five images, d on one), 32 answers, 4 annotators, 1 decision.
 */
final class ReleaseWorld {
    private ReleaseWorld() {
    }

    static final String ODD = "odd, \"quoted\".jpg";
    static final String CLASSES = "key,name\ncat,Cat\ndog,Dog\nfox,Fox\nowl,Owl\n";
    static final String IMAGES = "image,label\ni1,cat\ni2,cat\ni3,dog\ni4,fox\ni5,owl\n\"odd, \"\"quoted\"\".jpg\",cat\n";
    static final String PREDICTIONS = "image,model,rank,label,probability\ni1,M,1,cat,0.9\ni2,M,1,dog,0.9\ni3,M,1,dog,0.9\n"
            + "i4,M,1,owl,0.9\ni5,M,1,owl,0.9\n\"odd, \"\"quoted\"\".jpg\",M,1,dog,0.9\n";
    private static final String CAT_DOG = "[\"cat\",\"dog\"]";
    private static final String DOG_CAT = "[\"dog\",\"cat\"]";
    static final String JUDGMENTS = abc("i1", "[\"cat\"]", "cat", CAT_DOG, CAT_DOG, DOG_CAT)
            + line("i2", "a", CAT_DOG, "cat", CAT_DOG) + line("i2", "b", CAT_DOG, "cat", DOG_CAT)
            + line("i2", "c", "[\"cat\"]", "cat", CAT_DOG)
            + abc("i3", "[\"fox\"]", "fox", "[\"dog\",\"fox\"]", "[\"fox\",\"dog\"]", "[\"dog\",\"fox\"]")
            + abc("i4", "[]", null, "[\"fox\",\"owl\"]", "[\"owl\",\"fox\"]", "[\"fox\",\"owl\"]")
            + abc(ODD, "[\"dog\"]", "dog", CAT_DOG, CAT_DOG, DOG_CAT);
    static final String UNSURE = "image,label,annotator,answer\ni4,fox,d,maybe\ni4,owl,d,no\n";

    /** The same selection by annotators a, b and c, each shown the labels in the given order. */
    static String abc(String image, String selected, String main, String shownA, String shownB, String shownC) {
        return line(image, "a", selected, main, shownA) + line(image, "b", selected, main, shownB)
                + line(image, "c", selected, main, shownC);
    }

    static String line(String image, String annotator, String selected, String main, String shown) {
        return "{\"image\":\"" + image.replace("\"", "\\\"") + "\",\"annotator\":\"" + annotator + "\",\"selected\":"
                + selected + (main == null ? "" : ",\"main\":\"" + main + "\"") + ",\"shown\":" + shown + "}\n";
    }

    /** A dataset with the classes and images only; returns its key. */
    static String empty(String prefix) {
        String key = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        as("admin").contentType("application/json").body("{}").put("/api/datasets/" + key).then().statusCode(201);
        TestUsers.members(key);
        as("researcher").contentType("text/csv").body(CLASSES).post("/api/datasets/" + key + "/classes").then().statusCode(200);
        as("researcher").contentType("text/csv").body(IMAGES).post("/api/datasets/" + key + "/images").then().statusCode(200);
        return key;
    }

    /** The whole world: predictions, judgments, a majority consensus, and the decision on i3. */
    static String create() {
        String key = empty("release");
        as("researcher").contentType("text/csv").body(PREDICTIONS).post("/api/datasets/" + key + "/predictions")
                .then().statusCode(200);
        judgments(key, "application/x-ndjson", JUDGMENTS);
        judgments(key, "text/csv", UNSURE);
        aggregate(key);
        decide(key, "i3", "{\"decision\":\"KEPT_ORIGINAL\",\"reason\":\"a dog in a fox costume\"}");
        return key;
    }

    static void judgments(String key, String type, String body) {
        as("researcher").contentType(type).body(body.getBytes(StandardCharsets.UTF_8))
                .post("/api/datasets/" + key + "/judgments").then().log().ifValidationFails().statusCode(200);
    }

    static void aggregate(String key) {
        Response started = as("curator").contentType("application/json").body("{\"method\":\"majority\"}")
                .post("/api/datasets/" + key + "/consensus");
        started.then().statusCode(202);
        Jobs.await("curator", started.path("id"), 120).then().body("state", equalTo("SUCCEEDED"));
    }

    /** Records a curator's decision on an image; returns its id. */
    static int decide(String key, String image, String json) {
        return as("curator").contentType("application/json").body(json)
                .post("/api/datasets/{d}/images/{i}/review", key, image).then().statusCode(201).extract().jsonPath().getInt("id");
    }

    /** Freezes a release as the researcher; returns its version. */
    static int freeze(String key) {
        return as("researcher").contentType("application/json").body("{}").post("/api/datasets/" + key + "/releases")
                .then().statusCode(201).extract().jsonPath().getInt("version");
    }
}
