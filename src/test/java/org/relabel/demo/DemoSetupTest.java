package org.relabel.demo;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.relabel.testing.TestUsers.as;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relabel.account.AccountService;
import org.relabel.testing.Jobs;
import org.relabel.testing.TestUsers;

/** The demo project seeds itself at first start through the normal upload, scoring and judgment paths. */
@QuarkusTest
@TestProfile(DemoProfile.class)
class DemoSetupTest {
    @Inject
    AccountService accounts;

    @BeforeEach
    void users() {
        TestUsers.ensure(accounts);
    }

    @Test
    void demoProjectIsSeededAtStart() {
        List<Map<String, Object>> recent = as("admin").get("/api/jobs?kind=" + DemoSetupJob.KIND).path("$");
        String id = (String) recent.get(0).get("id");
        Response job = Jobs.await("admin", id, 300);
        job.then().body("state", equalTo("SUCCEEDED"));
        TestUsers.members("demo");
        as("curator").get("/api/datasets/demo").then().statusCode(200)
                .body("counts.classes", equalTo(10)).body("counts.images", equalTo(120))
                .body("counts.imagesWithPixels", equalTo(120));
        as("curator").get("/api/datasets/demo/images?limit=1").then().body("images[0].width", equalTo(64));
        as("curator").get("/api/datasets/demo/images/demo-00000.png").then().statusCode(200)
                .body("image.label", org.hamcrest.Matchers.notNullValue());
        as("curator").get("/api/datasets/demo/classes").then().body("size()", greaterThan(9));
        // two DJL-trained models scored every test scene through the scoring job
        as("curator").get("/api/datasets/demo/models").then().body("size()", equalTo(2))
                .body("scoredImages", org.hamcrest.Matchers.everyItem(equalTo(120)))
                .body("format", org.hamcrest.Matchers.everyItem(equalTo("DJL")))
                // trained on the flawed labels, the better model agrees with them well above chance (0.1 for 10 classes)
                .body("find { it.name == 'cnn-small' }.top1.value", greaterThan(0.3));
    }
}
