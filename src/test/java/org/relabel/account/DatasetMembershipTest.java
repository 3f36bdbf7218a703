package org.relabel.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.relabel.testing.TestUsers.as;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relabel.testing.TestUsers;

/** Curators and researchers see only the datasets they are members of; admins manage membership. */
@QuarkusTest
class DatasetMembershipTest {
    static final String PROBLEM = "application/problem+json";
    static final String PASSWORD = "member-test-pw";

    @Inject
    AccountService accounts;
    @Inject
    org.relabel.dataset.DatasetService datasets;

    @BeforeEach
    void users() {
        TestUsers.ensure(accounts);
    }

    static String user(String... roles) {
        String name = "m-" + UUID.randomUUID().toString().substring(0, 8);
        as("admin").contentType("application/json").body("{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD
                + "\",\"roles\":[" + String.join(",", java.util.Arrays.stream(roles).map(r -> "\"" + r + "\"").toList()) + "]}")
                .post("/api/users").then().statusCode(201);
        return name;
    }

    static RequestSpecification by(String user) {
        return given().auth().preemptive().basic(user, PASSWORD);
    }

    static String dataset(RequestSpecification creator) {
        String key = "mds-" + UUID.randomUUID().toString().substring(0, 8);
        creator.contentType("application/json").body("{}").put("/api/datasets/" + key).then().statusCode(201);
        return key;
    }

    static void member(String key, String user, String... roles) {
        as("admin").contentType("application/json")
                .body("{\"roles\":[" + String.join(",", java.util.Arrays.stream(roles).map(r -> "\"" + r + "\"").toList()) + "]}")
                .put("/api/datasets/" + key + "/members/" + user).then().statusCode(200).body("username", equalTo(user));
    }

    @Test
    void nonMembersNeitherListNorOpenADataset() {
        String key = dataset(as("admin"));
        String curator = user("curator");
        by(curator).get("/api/datasets").then().statusCode(200).body("key", not(hasItem(key)));
        by(curator).get("/api/datasets/" + key).then().statusCode(404).contentType(PROBLEM);
        by(curator).get("/api/datasets/" + key + "/classes").then().statusCode(404);
        by(curator).accept("text/html").get("/datasets/" + key).then().statusCode(404);
        as("admin").get("/api/datasets").then().body("key", hasItem(key));
    }

    @Test
    void membershipOpensTheDatasetAndRemovalClosesIt() {
        String key = dataset(as("admin"));
        String curator = user("curator");
        member(key, curator, "curator");
        by(curator).get("/api/datasets").then().body("key", hasItem(key));
        by(curator).get("/api/datasets/" + key).then().statusCode(200);
        by(curator).get("/api/datasets/" + key + "/members").then().statusCode(200)
                .body("find { it.username == '" + curator + "' }.roles", equalTo(List.of("curator")));
        as("admin").delete("/api/datasets/" + key + "/members/" + curator).then().statusCode(204);
        by(curator).get("/api/datasets/" + key).then().statusCode(404);
        as("admin").delete("/api/datasets/" + key + "/members/" + curator).then().statusCode(404);
    }

    @Test
    void creatorsBecomeMembersInTheirRoles() {
        String researcher = user("researcher", "curator");
        String key = dataset(by(researcher));
        as("admin").get("/api/datasets/" + key + "/members").then().statusCode(200)
                .body("find { it.username == '" + researcher + "' }.roles", equalTo(List.of("curator", "researcher")));
        by(researcher).contentType("text/csv").body("key,name\nn1,one\n").post("/api/datasets/" + key + "/classes")
                .then().statusCode(200);
        String other = user("researcher");
        by(other).contentType("text/csv").body("key,name\nn1,one\n").post("/api/datasets/" + key + "/classes")
                .then().statusCode(404);
        by(other).contentType("application/json").body("{\"name\":\"taken\"}").put("/api/datasets/" + key)
                .then().statusCode(403).contentType(PROBLEM).body("type", equalTo("urn:relabel:forbidden"));
    }

    @Test
    void aMemberActsOnlyInTheRolesOfTheMembership() {
        String both = user("curator", "researcher");
        String key = dataset(as("admin"));
        member(key, both, "curator");
        by(both).get("/api/datasets/" + key).then().statusCode(200);
        by(both).contentType("text/csv").body("key,name\nn1,one\n").post("/api/datasets/" + key + "/classes")
                .then().statusCode(403).contentType(PROBLEM).body("detail", containsString("researcher"));
        by(both).accept("text/html").get("/datasets/" + key).then().statusCode(200).body(not(containsString("js-upload")));
        member(key, both, "curator", "researcher");
        by(both).contentType("text/csv").body("key,name\nn1,one\n").post("/api/datasets/" + key + "/classes")
                .then().statusCode(200);
        by(both).accept("text/html").get("/datasets/" + key).then().statusCode(200).body(containsString("js-upload"));
    }

    @Test
    void membershipNeedsAKnownUserHoldingTheRole() {
        String key = dataset(as("admin"));
        String annotator = user("annotator");
        as("admin").contentType("application/json").body("{\"roles\":[\"curator\"]}")
                .put("/api/datasets/" + key + "/members/" + annotator).then().statusCode(400)
                .body("detail", containsString("does not have the role 'curator'"));
        as("admin").contentType("application/json").body("{\"roles\":[\"admin\"]}")
                .put("/api/datasets/" + key + "/members/" + annotator).then().statusCode(400);
        as("admin").contentType("application/json").body("{\"roles\":[\"curator\"]}")
                .put("/api/datasets/" + key + "/members/nobody-" + UUID.randomUUID()).then().statusCode(404);
        as("admin").contentType("application/json").body("{\"roles\":[\"curator\"]}")
                .put("/api/datasets/nope-" + UUID.randomUUID() + "/members/" + annotator).then().statusCode(404);
    }

    @Test
    void workOutsideARequestIsNotRestrictedAndMakesNoMember() throws Exception {
        String key = "bg-" + UUID.randomUUID().toString().substring(0, 8);
        java.util.concurrent.ExecutorService background = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            String found = background.submit(() -> {
                datasets.put(key, "made by a job", null);
                return datasets.require(key).key + " " + datasets.list().stream().anyMatch(s -> s.key().equals(key));
            }).get();
            org.junit.jupiter.api.Assertions.assertEquals(key + " true", found);
        } finally {
            background.shutdown();
        }
        as("admin").get("/api/datasets/" + key + "/members").then().statusCode(200).body("size()", equalTo(0));
        as("researcher").get("/api/datasets/" + key).then().statusCode(404);
    }

    @Test
    void jobsOfInvisibleDatasetsAreNotFound() {
        String key = dataset(as("admin"));
        String job = as("admin").contentType("text/csv").body("key,name\na,A\n")
                .post("/api/datasets/" + key + "/classes?async=true").then().statusCode(202).extract().path("id");
        String outsider = user("researcher");
        by(outsider).get("/api/jobs/" + job).then().statusCode(404);
        by(outsider).post("/api/jobs/" + job + "/cancel").then().statusCode(404);
        member(key, outsider, "researcher");
        by(outsider).get("/api/jobs/" + job).then().statusCode(200);
    }
}
