package org.relabel.dataset;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.relabel.testing.TestUsers.as;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relabel.account.AccountService;
import org.relabel.testing.TestUsers;
import org.relabel.testing.Zips;

@QuarkusTest
class DatasetResourceTest {
    static final String PROBLEM = "application/problem+json";

    @Inject
    AccountService accounts;

    @BeforeEach
    void users() {
        TestUsers.ensure(accounts);
    }

    static String newDataset() {
        String key = "ds-" + UUID.randomUUID().toString().substring(0, 8);
        as("admin").contentType("application/json").body("{\"name\":\"Test set\",\"description\":\"for tests\"}")
                .put("/api/datasets/" + key).then().statusCode(201).body("key", equalTo(key));
        TestUsers.members(key);
        return key;
    }

    static void classes(String key, String csv) {
        as("researcher").contentType("text/csv").body(csv).post("/api/datasets/" + key + "/classes")
                .then().statusCode(200);
    }

    @Test
    void createsRenamesAndSummarisesDataset() {
        String key = newDataset();
        as("researcher").contentType("application/json").body("{\"name\":\"Renamed\"}")
                .put("/api/datasets/" + key).then().statusCode(200).body("name", equalTo("Renamed"));
        as("curator").get("/api/datasets/" + key).then().statusCode(200)
                .body("name", equalTo("Renamed")).body("counts.classes", equalTo(0)).body("counts.images", equalTo(0));
        as("curator").get("/api/datasets").then().statusCode(200).body("key", org.hamcrest.Matchers.hasItem(key));
    }

    @Test
    void rejectsInvalidDatasetKeyAsProblem() {
        as("admin").contentType("application/json").body("{}").put("/api/datasets/bad key!")
                .then().statusCode(400).contentType(PROBLEM).body("type", equalTo("urn:relabel:bad-request"));
    }

    @Test
    void unknownDatasetIsNotFoundProblem() {
        as("curator").get("/api/datasets/nope-" + UUID.randomUUID()).then().statusCode(404).contentType(PROBLEM)
                .body("type", equalTo("urn:relabel:not-found")).body("status", equalTo(404));
    }

    @Test
    void malformedJsonIsProblemWithoutJavaNames() {
        as("admin").contentType("application/json").body("{\"name\": ").put("/api/datasets/x-json")
                .then().statusCode(400).contentType(PROBLEM).body("type", equalTo("urn:relabel:bad-json"))
                .body("detail", org.hamcrest.Matchers.not(containsString("com.fasterxml")));
    }

    @Test
    void anonymousIsChallengedAndAnnotatorIsForbidden() {
        given().get("/api/datasets").then().statusCode(401);
        as("annotator").get("/api/datasets").then().statusCode(403);
        as("curator").contentType("application/json").body("{}").put("/api/datasets/curators-cannot")
                .then().statusCode(403);
    }

    @Test
    void importsClassesAndUpdatesThemOnReupload() {
        String key = newDataset();
        as("researcher").contentType("text/csv").body("key,name,index,description\nn1,cat,0,a cat\nn2,dog,1,\n")
                .post("/api/datasets/" + key + "/classes").then().statusCode(200)
                .body("rows", equalTo(2)).body("created", equalTo(2));
        as("researcher").contentType("text/csv").body("key,name\nn1,Cat\nn3,bird\n")
                .post("/api/datasets/" + key + "/classes").then().statusCode(200)
                .body("created", equalTo(1)).body("updated", equalTo(1));
        as("curator").get("/api/datasets/" + key + "/classes").then().statusCode(200)
                .body("$", hasSize(3)).body("find { it.key == 'n1' }.name", equalTo("Cat"));
    }

    @Test
    void rejectsClassesWithDuplicateKeyBadIndexAndMissingColumnStoringNothing() {
        String key = newDataset();
        as("researcher").contentType("text/csv").body("key,name,index\nn1,a,0\nn1,b,1\nn2,c,x\nn3,,2\n")
                .post("/api/datasets/" + key + "/classes").then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("urn:relabel:invalid-upload"))
                .body("errorCount", equalTo(3))
                .body("errors[0].line", equalTo(3)).body("errors[0].column", equalTo(1))
                .body("errors[1].line", equalTo(4)).body("errors[1].column", equalTo(3))
                .body("errors[2].line", equalTo(5)).body("errors[2].field", equalTo("name"));
        as("researcher").contentType("text/csv").body("key,title\nn1,a\n")
                .post("/api/datasets/" + key + "/classes").then().statusCode(400)
                .body("errors[0].line", equalTo(1)).body("detail", containsString("missing required column 'name'"));
        as("curator").get("/api/datasets/" + key).then().body("counts.classes", equalTo(0));
    }

    @Test
    void rejectsMalformedCsvWithLineAndColumn() {
        String key = newDataset();
        as("researcher").contentType("text/csv").body("key,name\nn1,\"unterminated\n")
                .post("/api/datasets/" + key + "/classes").then().statusCode(400)
                .body("errors[0].line", equalTo(2)).body("errors[0].column", equalTo(2))
                .body("detail", containsString("unterminated"));
    }

    @Test
    void importsLabelsOnlyImagesAndRejectsBadRowsAtomically() {
        String key = newDataset();
        classes(key, "key,name\nn1,cat\nn2,dog\n");
        as("researcher").contentType("text/csv")
                .body("image,label,location\na.jpg,n1,\nb.jpg,n2,https://example.org/b.jpg\n")
                .post("/api/datasets/" + key + "/images").then().statusCode(200).body("created", equalTo(2));
        as("researcher").contentType("text/csv")
                .body("image,label\nc.jpg,n1\nd.jpg,n9\nc.jpg,n2\n,n1\n")
                .post("/api/datasets/" + key + "/images").then().statusCode(400)
                .body("errorCount", equalTo(3))
                .body("errors[0].line", equalTo(3)).body("errors[0].column", equalTo(2))
                .body("errors[0].message", containsString("unknown class 'n9'"))
                .body("errors[1].line", equalTo(4)).body("errors[1].message", containsString("duplicate image key"))
                .body("errors[2].line", equalTo(5)).body("errors[2].message", containsString("empty image key"));
        as("researcher").contentType("text/csv").body("image,label,location\ne.jpg,n1,photos/e.jpg\n")
                .post("/api/datasets/" + key + "/images").then().statusCode(400)
                .body("errors[0].column", equalTo(3)).body("errors[0].message", containsString("zip"));
        as("curator").get("/api/datasets/" + key).then().body("counts.images", equalTo(2));
        as("curator").get("/api/datasets/" + key + "/images/b.jpg").then().statusCode(200)
                .body("image.label", equalTo("n2")).body("image.location", equalTo("https://example.org/b.jpg"))
                .body("labelName", equalTo("dog"));
    }

    @Test
    void importsImageFolderZipAndServesPixelsWithEtag() {
        String key = newDataset();
        classes(key, "key,name\nred,Red\nblue,Blue\n");
        byte[] zip = new Zips().add("red/r1.png", Zips.png(Color.RED, 40)).add("blue/b1.png", Zips.png(Color.BLUE, 300))
                .add("__MACOSX/red/._r1.png", "junk").bytes();
        as("researcher").contentType("application/zip").body(zip).post("/api/datasets/" + key + "/images")
                .then().statusCode(200).body("created", equalTo(2));
        Response detail = as("curator").get("/api/datasets/" + key + "/images/blue/b1.png");
        detail.then().statusCode(200).body("image.label", equalTo("blue")).body("image.width", equalTo(300))
                .body("image.pixels", notNullValue());
        String pixels = detail.path("image.pixels");
        Response media = as("annotator").get(pixels);
        media.then().statusCode(200).header("ETag", notNullValue()).header("Cache-Control", containsString("max-age"));
        assertEquals(Zips.png(Color.BLUE, 300).length, media.asByteArray().length);
        as("annotator").header("If-None-Match", media.header("ETag")).get(pixels).then().statusCode(304);
        as("annotator").get(pixels + "/preview").then().statusCode(200).contentType("image/jpeg");
        as("annotator").get("/media/..%2F..%2Fetc%2Fpasswd").then().statusCode(404);
        given().get(pixels).then().statusCode(401);
    }

    @Test
    void rejectsZipWithCorruptImageOrUnknownClassStoringNothing() {
        String key = newDataset();
        classes(key, "key,name\nred,Red\n");
        byte[] zip = new Zips().add("red/ok.png", Zips.png(Color.RED, 20)).add("red/broken.png", "not a png at all")
                .add("green/g.png", Zips.png(Color.GREEN, 20)).bytes();
        as("researcher").contentType("application/zip").body(zip).post("/api/datasets/" + key + "/images")
                .then().statusCode(400).contentType(PROBLEM).body("errorCount", equalTo(2))
                .body("errors.field", org.hamcrest.Matchers.hasItems("red/broken.png", "green/g.png"))
                .body("errors.message", org.hamcrest.Matchers.hasItem(containsString("not an image")));
        as("curator").get("/api/datasets/" + key).then().body("counts.images", equalTo(0));
        as("researcher").contentType("application/zip").body("garbage".getBytes())
                .post("/api/datasets/" + key + "/images").then().statusCode(400).body("detail", containsString("zip"));
    }

    @Test
    void importsZipWithImagesCsvAndChecksLocations() {
        String key = newDataset();
        classes(key, "key,name\nred,Red\nblue,Blue\n");
        byte[] good = new Zips().add("set/images.csv", "image,label,location\nx,red,px/one.png\ny,blue,\n")
                .add("set/px/one.png", Zips.png(Color.RED, 10)).bytes();
        as("researcher").contentType("application/zip").body(good).post("/api/datasets/" + key + "/images")
                .then().statusCode(200).body("created", equalTo(2));
        as("curator").get("/api/datasets/" + key).then().body("counts.imagesWithPixels", equalTo(1));
        byte[] missing = new Zips().add("images.csv", "image,label,location\nz,red,nope.png\n").bytes();
        as("researcher").contentType("application/zip").body(missing).post("/api/datasets/" + key + "/images")
                .then().statusCode(400).body("errors[0].line", equalTo(2)).body("errors[0].column", equalTo(3))
                .body("errors[0].message", containsString("no file 'nope.png'"));
    }

    @Test
    void asyncUploadRunsAsJobWithProgressAndResult() throws InterruptedException {
        String key = newDataset();
        Response accepted = as("researcher").contentType("text/csv").body("key,name\na,A\nb,B\n")
                .post("/api/datasets/" + key + "/classes?async=true");
        accepted.then().statusCode(202).header("Location", containsString("/api/jobs/"));
        String id = accepted.path("id");
        String state = "QUEUED";
        for (int i = 0; i < 100 && !state.equals("SUCCEEDED") && !state.equals("FAILED"); i++) {
            Thread.sleep(100);
            state = as("researcher").get("/api/jobs/" + id).path("state");
        }
        assertEquals("SUCCEEDED", state);
        as("researcher").get("/api/jobs/" + id).then().body("progress", equalTo(1.0)).body("result.created", equalTo(2));
        as("annotator").get("/api/jobs/" + id).then().statusCode(403);
    }

    @Test
    void asyncUploadWithBadRowFailsJobWithProblemResult() throws InterruptedException {
        String key = newDataset();
        String id = as("researcher").contentType("text/csv").body("key,name\na,\n")
                .post("/api/datasets/" + key + "/classes?async=true").path("id");
        String state = "QUEUED";
        for (int i = 0; i < 100 && (state.equals("QUEUED") || state.equals("RUNNING")); i++) {
            Thread.sleep(100);
            state = as("researcher").get("/api/jobs/" + id).path("state");
        }
        as("researcher").get("/api/jobs/" + id).then().body("state", equalTo("FAILED"))
                .body("result.type", equalTo("urn:relabel:invalid-upload")).body("result.errors[0].line", equalTo(2));
    }

    @Test
    void importsSharedImagenetRealFixtureThroughPublicEndpoints() throws IOException {
        String key = newDataset();
        Path dir = Path.of("src/test/resources/fixtures/imagenet-real-subset");
        as("researcher").contentType("text/csv").body(Files.readAllBytes(dir.resolve("classes.csv")))
                .post("/api/datasets/" + key + "/classes").then().statusCode(200).body("created", equalTo(1000));
        as("researcher").contentType("text/csv").body(Files.readAllBytes(dir.resolve("original_labels.csv")))
                .post("/api/datasets/" + key + "/images").then().statusCode(200).body("created", equalTo(2000));
        as("curator").get("/api/datasets/" + key).then().body("counts.classes", equalTo(1000))
                .body("counts.images", equalTo(2000)).body("counts.imagesWithPixels", equalTo(0));
        as("curator").get("/api/datasets/" + key + "/classes").then().body("find { it.key == 'n01440764' }.index", equalTo(0));
        as("curator").get("/api/datasets/" + key + "/images/ILSVRC2012_val_00000049.JPEG").then()
                .body("image.label", equalTo("n03930630"));
        Response page = as("curator").get("/api/datasets/" + key + "/images?limit=1000");
        page.then().body("images", hasSize(1000));
        Response second = as("curator").get("/api/datasets/" + key + "/images?limit=1000&after=" + page.path("next"));
        second.then().body("images", hasSize(1000));
        as("curator").get("/api/datasets/" + key + "/images?limit=1000&after=" + second.path("next"))
                .then().body("images", hasSize(0)).body("next", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void rejectsUploadAboveSizeLimitWith413() throws Exception {
        String key = newDataset();
        byte[] big = new byte[6 * 1024 * 1024]; // the test limit is 5M
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        String auth = java.util.Base64.getEncoder().encodeToString(("test-researcher:" + TestUsers.PASSWORD).getBytes());
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port
                                + "/api/datasets/" + key + "/images"))
                .expectContinue(true).header("Authorization", "Basic " + auth).header("Content-Type", "application/zip")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(big)).build();
        assertEquals(413, client.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode());
        as("curator").get("/api/datasets/" + key).then().body("counts.images", equalTo(0));
    }
}
