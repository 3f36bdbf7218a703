package org.relabel.journey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.relabel.testing.TestUsers.as;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.relabel.account.AccountService;
import org.relabel.demo.world.DemoClass;
import org.relabel.demo.world.DemoVocabulary;
import org.relabel.demo.world.Scene;
import org.relabel.demo.world.SceneGenerator;
import org.relabel.demo.world.SceneRenderer;
import org.relabel.demo.world.SceneSpec;
import org.relabel.testing.Jobs;
import org.relabel.testing.TestUsers;
import org.relabel.testing.Zips;

/**
 * The main journey, end to end in a real browser (Debian's Chromium, headless) on scenes of the demo world:
 * an admin creates and opens a campaign, an annotator labels with the keyboard, the consensus runs, a curator
 * resolves a finding in the review queue, and a researcher freezes a release and downloads its labels.json,
 * which holds the curator's decision. Each step goes through the pages a person would use; the API is used
 * only to set up the data (as a researcher would script it) and to check what was stored.
 */
@QuarkusTest
class MainJourneyBrowserTest {
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final int SCENES = 4;

    @TestHTTPResource("/")
    URL base;
    @Inject
    AccountService accounts;

    WebDriver driver;
    WebDriverWait wait;
    String dataset;
    List<Scene> scenes;

    @BeforeEach
    void setUp() {
        if (!Files.isExecutable(CHROMEDRIVER) || !Files.isExecutable(CHROMIUM)) {
            fail("Chromium and chromedriver are needed at " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": apt-get install -y chromium chromium-driver (.ci/run does)");
        }
        TestUsers.ensure(accounts);
        dataset = "journey-" + UUID.randomUUID().toString().substring(0, 8);
        as("admin").contentType("application/json").body("{\"name\":\"Demo scenes, journey\"}").put("/api/datasets/" + dataset)
                .then().statusCode(201);
        TestUsers.members(dataset);
        StringBuilder classes = new StringBuilder("key,name,description\n");
        for (DemoClass c : DemoVocabulary.classes()) {
            classes.append(c.key()).append(',').append(c.name()).append(",\"").append(c.description()).append("\"\n");
        }
        as("researcher").contentType("text/csv").body(classes.toString()).post("/api/datasets/" + dataset + "/classes")
                .then().statusCode(200);
        scenes = SceneGenerator.generate(SceneSpec.of(23, SCENES).withSize(128).withMultiObjectRate(0.5));
        Zips zip = new Zips();
        for (Scene s : scenes) zip.add(s.originalLabel() + "/" + s.key() + ".png", SceneRenderer.renderPng(s));
        as("researcher").contentType("application/zip").body(zip.bytes()).post("/api/datasets/" + dataset + "/images")
                .then().statusCode(200);
        // a model run elsewhere: the original label first, then the scene's main object, then a confusion
        List<String> vocabulary = DemoVocabulary.classes().stream().map(DemoClass::key).toList();
        StringBuilder predictions = new StringBuilder("image,model,rank,label,probability\n");
        for (Scene s : scenes) {
            Set<String> ranked = new LinkedHashSet<>(List.of(s.originalLabel(), s.truth().main()));
            int filler = vocabulary.indexOf(s.truth().main()) + 3;
            while (ranked.size() < 3) ranked.add(vocabulary.get(filler++ % vocabulary.size()));
            int rank = 1;
            for (String label : ranked) {
                predictions.append(imageKey(s)).append(",scene-cnn,").append(rank).append(',').append(label).append(',')
                        .append(0.9 / rank++).append('\n');
            }
        }
        as("researcher").contentType("text/csv").body(predictions.toString()).post("/api/datasets/" + dataset + "/predictions")
                .then().statusCode(200);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--window-size=1280,1000");
        driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    @AfterEach
    void tearDown() {
        if (driver != null) driver.quit();
    }

    static String imageKey(Scene s) {
        return s.originalLabel() + "/" + s.key() + ".png";
    }

    void open(String path) throws Exception {
        driver.get(new URL(base, path).toString());
        wait.until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    /** Signs out whoever is signed in and signs in as the test user of {@code role}, with the keyboard. */
    void signIn(String role) throws Exception {
        driver.manage().deleteAllCookies();
        open("/login");
        driver.switchTo().activeElement().sendKeys("test-" + role, Keys.TAB, TestUsers.PASSWORD, Keys.ENTER);
        wait.until(d -> !d.getCurrentUrl().contains("/login"));
    }

    void press(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    void screenshot(String name) throws Exception {
        Path dir = Path.of("target/screenshots");
        Files.createDirectories(dir);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void adminAnnotatorCuratorAndResearcherCompleteTheJourney() throws Exception {
        // 1. the admin creates a campaign on the dataset's Campaigns page and opens it
        signIn("admin");
        open("/datasets/" + dataset + "/campaigns");
        WebElement form = driver.findElement(By.cssSelector("form.js-campaign-form"));
        form.findElement(By.name("name")).sendKeys("Journey round");
        WebElement overlap = form.findElement(By.name("overlap"));
        overlap.clear();
        overlap.sendKeys("1");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(d -> d.getCurrentUrl().matches(".*/campaigns/\\d+$"));
        long campaign = Long.parseLong(driver.getCurrentUrl().replaceAll(".*/campaigns/", ""));
        driver.findElement(By.xpath("//button[contains(., 'Open campaign')]")).click();
        wait.until(d -> as("admin").get("/api/datasets/" + dataset + "/campaigns/" + campaign).then().extract()
                .jsonPath().getString("state").equals("OPEN"));
        as("admin").get("/api/datasets/" + dataset + "/campaigns/" + campaign).then().statusCode(200)
                .body("models", org.hamcrest.Matchers.equalTo(List.of("scene-cnn")));

        // 2. an annotator labels three images with the keyboard: the scene's main object when it is a candidate
        signIn("annotator");
        open("/annotate/" + campaign);
        String previous = null;
        for (int i = 0; i < 3; i++) {
            String shownBefore = previous;
            wait.until(d -> {
                WebElement img = d.findElement(By.cssSelector(".js-image"));
                String src = img.getAttribute("src");
                return src != null && src.contains("/media/") && !src.equals(shownBefore) && img.isDisplayed()
                        && !d.findElements(By.cssSelector(".js-candidates .candidate")).isEmpty();
            });
            previous = driver.findElement(By.cssSelector(".js-image")).getAttribute("src");
            Scene scene = sceneShown(previous);
            String choice = null;
            for (WebElement b : driver.findElements(By.cssSelector(".js-candidates .candidate"))) {
                if (b.getAttribute("data-key").equals(scene.truth().main())) choice = b.findElement(By.tagName("kbd")).getText();
            }
            if (choice == null) press("n", Keys.ENTER);
            else press(choice.toLowerCase(), Keys.ENTER);
        }
        wait.until(d -> as("admin").get("/api/datasets/" + dataset + "/campaigns/" + campaign).then().extract()
                .jsonPath().getInt("stats.judgments") == 3);

        // 3. the consensus runs (the button-free path researchers script), and findings follow
        String job = as("admin").contentType("application/json").body("{}").post("/api/datasets/" + dataset + "/consensus")
                .then().statusCode(202).extract().jsonPath().getString("id");
        Jobs.await("admin", job, 120).then().body("state", org.hamcrest.Matchers.equalTo("SUCCEEDED"));
        JsonPath findings = as("curator").get("/api/datasets/" + dataset + "/findings").then().statusCode(200).extract().jsonPath();
        assertFalse(findings.getList("findings").isEmpty(), "the consensus of one judgment per image leaves findings to review");

        // 4. a curator resolves the first finding of the review queue with one key
        signIn("curator");
        open("/datasets/" + dataset + "/review");
        String image = wait.until(d -> d.findElement(By.id("image-key"))).getText();
        screenshot("journey-review.png");
        String before = driver.getCurrentUrl();
        press("o"); // keep the original label
        wait.until(d -> !d.getCurrentUrl().equals(before));
        JsonPath reviews = as("curator").get("/api/datasets/" + dataset + "/reviews?image=" + image).then().statusCode(200)
                .extract().jsonPath();
        assertEquals("KEPT_ORIGINAL", reviews.getString("reviews[0].decision"), reviews.prettify());
        assertEquals("test-curator", reviews.getString("reviews[0].curator"));
        String original = scenes.stream().filter(s -> imageKey(s).equals(image)).findFirst().orElseThrow().originalLabel();

        // 5. a researcher freezes a release and downloads its labels.json from the release page
        signIn("researcher");
        open("/datasets/" + dataset + "/releases");
        driver.findElement(By.cssSelector("#freeze-form input[name=authors]")).sendKeys("J. Researcher");
        driver.findElement(By.cssSelector("#freeze-form button[type=submit]")).click();
        wait.until(d -> !as("researcher").get("/api/datasets/" + dataset + "/releases").then().statusCode(200).extract()
                .jsonPath().getList("$").isEmpty());
        String release = as("researcher").get("/api/datasets/" + dataset + "/releases").then().extract().jsonPath()
                .getString("[0].name");
        open("/datasets/" + dataset + "/releases/" + release);
        screenshot("journey-release.png");
        String href = driver.findElement(By.cssSelector("tr[data-file='labels.json'] a")).getAttribute("href");
        // the link is a download (Content-Disposition: attachment): fetch it in the page, with the researcher's session
        String body = (String) ((JavascriptExecutor) driver).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0], {credentials: 'same-origin'}).then(function (r) { return r.text(); }).then(done);", href);
        Map<String, List<String>> labels = new JsonPath(body).getMap("$");
        assertEquals(SCENES, labels.size(), body);
        assertEquals(List.of(original), labels.get(image), "the release holds the curator's decision: " + body);
        assertTrue(new ArrayList<>(labels.keySet()).containsAll(scenes.stream().map(MainJourneyBrowserTest::imageKey).toList()));
    }

    /** The scene whose image the page shows (the image URL is the content hash of its upload). */
    Scene sceneShown(String src) {
        String hash = src.replaceAll(".*/media/", "").replaceAll("[/?].*", "");
        for (Scene s : scenes) {
            String detail = as("admin").get("/api/datasets/" + dataset + "/images/" + imageKey(s)).then().statusCode(200)
                    .extract().asString();
            if (detail.contains("/media/" + hash)) return s;
        }
        throw new AssertionError("no scene has the image " + src);
    }
}
