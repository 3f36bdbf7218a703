package org.relabel.audit;

import static org.hamcrest.Matchers.equalTo;
import static org.relabel.testing.TestUsers.as;

import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.relabel.testing.Jobs;

/**
 * A small hand-made dataset for the audit tests, built through the public API. Expected figures are
 * derived by hand in the tests from these definitions:
 * <pre>
 * image original  judgments (3 annotators unless said)          consensus (majority)
 * i1    cat       all select cat, main cat                       valid {cat}, main cat
 * i2    cat       all cat; dog by 2 of 3; mains cat, cat, dog    valid {cat, dog}, main cat
 * i3    dog       shown dog, fox: all select fox only, main fox  valid {fox}, main fox
 * i4    fox       shown fox, owl: nobody selects anything        valid {} (empty), no main
 * i5    owl       2 annotators select owl, main owl              valid {owl}, main owl (too few judgments)
 * i6    cat       no judgment                                    no consensus
 *
 * model M1: i1 [cat dog], i2 [dog cat], i3 [dog fox], i4 [owl cat], i5 [owl], i6 [cat]
 * model M2: i1 [dog cat], i2 [cat], i3 [dog fox], i4 [fox]; nothing for i5, i6
 * </pre>
 */
final class AuditWorld {
    private AuditWorld() {
    }

    static final String CLASSES = "key,name\ncat,Cat\ndog,Dog\nfox,Fox\nowl,Owl\n";
    static final String IMAGES = "image,label\ni1,cat\ni2,cat\ni3,dog\ni4,fox\ni5,owl\ni6,cat\n";
    static final String PREDICTIONS = "image,model,rank,label,probability\n"
            + "i1,M1,1,cat,0.8\ni1,M1,2,dog,0.1\n"
            + "i2,M1,1,dog,0.6\ni2,M1,2,cat,0.3\n"
            + "i3,M1,1,dog,0.7\ni3,M1,2,fox,0.2\n"
            + "i4,M1,1,owl,0.5\ni4,M1,2,cat,0.2\n"
            + "i5,M1,1,owl,0.9\n"
            + "i6,M1,1,cat,0.9\n"
            + "i1,M2,1,dog,0.5\ni1,M2,2,cat,0.4\n"
            + "i2,M2,1,cat,0.9\n"
            + "i3,M2,1,dog,0.6\ni3,M2,2,fox,0.3\n"
            + "i4,M2,1,fox,0.7\n";
    static final String JUDGMENTS = ""
            + line("i1", "a", "[\"cat\"]", "cat", "[\"cat\",\"dog\"]")
            + line("i1", "b", "[\"cat\"]", "cat", "[\"cat\",\"dog\"]")
            + line("i1", "c", "[\"cat\"]", "cat", "[\"dog\",\"cat\"]")
            + line("i2", "a", "[\"cat\",\"dog\"]", "cat", "[\"cat\",\"dog\"]")
            + line("i2", "b", "[\"cat\",\"dog\"]", "dog", "[\"dog\",\"cat\"]")
            + line("i2", "c", "[\"cat\"]", "cat", "[\"cat\",\"dog\"]")
            + line("i3", "a", "[\"fox\"]", "fox", "[\"dog\",\"fox\"]")
            + line("i3", "b", "[\"fox\"]", "fox", "[\"fox\",\"dog\"]")
            + line("i3", "c", "[\"fox\"]", "fox", "[\"dog\",\"fox\"]")
            + line("i4", "a", "[]", null, "[\"fox\",\"owl\"]")
            + line("i4", "b", "[]", null, "[\"owl\",\"fox\"]")
            + line("i4", "c", "[]", null, "[\"fox\",\"owl\"]")
            + line("i5", "a", "[\"owl\"]", "owl", "[\"owl\",\"cat\"]")
            + line("i5", "b", "[\"owl\"]", "owl", "[\"cat\",\"owl\"]");

    private static String line(String image, String annotator, String selected, String main, String shown) {
        return "{\"image\":\"" + image + "\",\"annotator\":\"" + annotator + "\",\"selected\":" + selected
                + (main == null ? "" : ",\"main\":\"" + main + "\"") + ",\"shown\":" + shown + "}\n";
    }

    /** Creates the dataset with predictions, judgments and a majority consensus; returns its key. */
    static String create() {
        String key = "audit-" + UUID.randomUUID().toString().substring(0, 8);
        as("admin").contentType("application/json").body("{}").put("/api/datasets/" + key).then().statusCode(201);
        org.relabel.testing.TestUsers.members(key);
        as("researcher").contentType("text/csv").body(CLASSES).post("/api/datasets/" + key + "/classes").then().statusCode(200);
        as("researcher").contentType("text/csv").body(IMAGES).post("/api/datasets/" + key + "/images").then().statusCode(200);
        as("researcher").contentType("text/csv").body(PREDICTIONS).post("/api/datasets/" + key + "/predictions")
                .then().statusCode(200);
        as("researcher").contentType("application/x-ndjson").body(JUDGMENTS.getBytes(StandardCharsets.UTF_8))
                .post("/api/datasets/" + key + "/judgments").then().statusCode(200);
        aggregate(key);
        return key;
    }

    /** Runs a majority aggregation (which recomputes the findings) and waits for it. */
    static void aggregate(String key) {
        Response started = as("curator").contentType("application/json").body("{\"method\":\"majority\"}")
                .post("/api/datasets/" + key + "/consensus");
        started.then().statusCode(202);
        Jobs.await("curator", started.path("id"), 120).then().body("state", equalTo("SUCCEEDED"));
    }
}
