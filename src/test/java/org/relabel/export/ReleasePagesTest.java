package org.relabel.export;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.relabel.testing.TestUsers.as;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relabel.account.AccountService;
import org.relabel.testing.TestUsers;

/** The release pages without a browser: list and freeze form, release page, diff page, dashboard against a release. */
@QuarkusTest
class ReleasePagesTest {
    @Inject
    AccountService accounts;

    @BeforeEach
    void users() {
        TestUsers.ensure(accounts);
    }

    private static String page(String role, String path, Object... params) {
        return as(role).accept("text/html").get(path, params).then().statusCode(200).extract().asString();
    }

    @Test
    void theFreezeFormStartsAJobThatThePageFollowsUntilTheReleaseIsReady() throws Exception {
        String key = ReleaseWorld.create();
        String html = page("researcher", "/datasets/{d}/releases", key);
        assertTrue(html.contains("id=\"no-releases\""), html);
        assertTrue(html.contains("action=\"/datasets/" + key + "/releases\""), html);
        assertTrue(html.contains("name=\"csrf-token\""), "the form carries the CSRF token");
        assertTrue(html.contains("Freeze release v1"));
        assertFalse(html.contains("<script>"), "no inline script");
        Response posted = as("researcher").redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("notes", "from the page").formParam("authors", "A. Researcher")
                .post("/datasets/{d}/releases", key);
        posted.then().statusCode(303).header("Location", containsString("/datasets/" + key + "/releases?job="));
        String location = posted.getHeader("Location");
        String followed = null;
        for (int i = 0; i < 400; i++) {
            followed = as("researcher").accept("text/html").get(location.substring(location.indexOf("/datasets/")))
                    .then().statusCode(200).extract().asString();
            if (!followed.contains("http-equiv=\"refresh\"")) break;
            Thread.sleep(150);
        }
        assertTrue(followed.contains("Release frozen."), followed);
        assertTrue(followed.contains("href=\"/datasets/" + key + "/releases/v1\""), followed);
        assertTrue(followed.contains("data-release=\"v1\""), followed);
        assertTrue(followed.contains("Freeze release v2"));
        as("researcher").redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("notes", "x".repeat(4001)).post("/datasets/{d}/releases", key).then().statusCode(400);
    }

    @Test
    void theReleasePageOffersEachFileWithItsChecksumPythonAndACitation() {
        String key = ReleaseWorld.create();
        ReleaseWorld.freeze(key);
        JsonPath release = as("researcher").get("/api/datasets/{d}/releases/v1", key).then().extract().jsonPath();
        String html = page("researcher", "/datasets/{d}/releases/v1", key);
        for (String file : release.<String>getList("files.name")) {
            assertTrue(html.contains("href=\"/api/datasets/" + key + "/releases/v1/" + file + "\" download"), file);
        }
        String labelsSha = release.getString("files.find { it.name == 'labels.csv' }.sha256");
        assertTrue(html.contains(labelsSha), "checksum shown");
        assertTrue(html.contains("BASE = &quot;http"), "python with the API URL");
        assertTrue(html.contains("/api/datasets/" + key + "/releases/v1/&quot;"), "python with the API URL");
        assertTrue(html.contains("hashlib.sha256(raw).hexdigest() == &quot;" + labelsSha + "&quot;"), "python checks labels.csv");
        assertTrue(html.contains("@misc{relabel-" + key + "-v1,"), "bibtex");
        assertTrue(html.contains("manifest.json SHA-256 " + release.getString("manifestSha256")), "bibtex pins the manifest");
        assertTrue(html.contains("majority, threshold 0.5"), "aggregation in the provenance");
        assertTrue(html.contains("kept_original: 1"), "curator decisions");
        assertTrue(html.contains("/datasets/" + key + "/dashboard?release=v1"));
        assertFalse(html.contains("<script>"));
        as("annotator").accept("text/html").get("/datasets/{d}/releases/v1", key).then().statusCode(403);
        as("researcher").accept("text/html").get("/datasets/{d}/releases/v4", key).then().statusCode(404);
    }

    @Test
    void theDiffPageListsChangedImagesByReasonAndTheDashboardShowsTheReleaseInUse() {
        String key = ReleaseWorld.create();
        ReleaseWorld.freeze(key);
        String html = page("researcher", "/datasets/{d}/releases/v1/diff?from=original", key);
        assertTrue(html.contains("data-image=\"i2\""), html);
        assertTrue(html.contains("data-image=\"i4\""));
        assertTrue(html.contains("data-image=\"odd, &quot;quoted&quot;.jpg\""), "keys escaped");
        assertFalse(html.contains("data-image=\"i1\""), "unchanged labels are not listed");
        assertTrue(html.contains("<dd id=\"changed\">3</dd>"), html);
        String only = page("researcher", "/datasets/{d}/releases/v1/diff?from=original&reason=MAIN_LABEL", key);
        assertFalse(only.contains("data-image=\"i2\""), "i2 kept its main label");
        assertTrue(only.contains("data-image=\"i4\""));
        String dashboard = page("researcher", "/datasets/{d}/dashboard?release=v1", key);
        assertTrue(dashboard.contains("<strong>release v1</strong>"), dashboard);
        assertTrue(dashboard.contains("<option value=\"v1\" selected>"), dashboard);
        String current = page("researcher", "/datasets/{d}/dashboard", key);
        assertTrue(current.contains("<strong>the current reviewed labels</strong>"));
        as("researcher").accept("text/html").get("/datasets/{d}/dashboard?release=v5", key).then().statusCode(404);
        assertTrue(page("curator", "/datasets/{d}", key).contains("href=\"/datasets/" + key + "/releases\""), "linked from the dataset");
    }
}
