package org.relabel.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.relabel.account.AccountService;
import org.relabel.testing.TestUsers;

/**
 * The review queue in headless Chromium, driven by keys only: sign in through the form, decide with
 * A/O/H/M/E/R, move with J/K, verify many findings in the grid (G, arrows, Space, A). Saves
 * docs/screenshots/review.png and docs/screenshots/dashboard.png. Needs {@code apt-get install -y
 * chromium chromium-driver}; skipped where /usr/bin/chromedriver is missing.
 */
@QuarkusTest
class ReviewQueueBrowserTest {
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @TestHTTPResource("/")
    URL base;
    @Inject
    AccountService accounts;

    WebDriver driver;
    WebDriverWait wait;

    @BeforeEach
    void start() {
        Assumptions.assumeTrue(Files.isExecutable(DRIVER), "chromedriver not installed");
        TestUsers.ensure(accounts);
        ChromeOptions options = new ChromeOptions();
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--window-size=1280,1500");
        if (Files.isExecutable(Path.of("/usr/bin/chromium"))) options.setBinary("/usr/bin/chromium");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    @AfterEach
    void stop() {
        if (driver != null) driver.quit();
    }

    private void open(String path) {
        driver.get(base.toString().replaceAll("/$", "") + path);
    }

    private void keys(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    private void signIn() {
        open("/login");
        wait.until(ExpectedConditions.elementToBeClickable(By.name("j_username")));
        // the user name field has autofocus: keys only
        keys("test-curator", Keys.TAB, TestUsers.PASSWORD, Keys.ENTER);
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
    }

    private String imageKey() {
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.id("image-key"))).getText();
    }

    /** Presses {@code key} and waits until the page shows another finding (or the end of the queue). */
    private void decide(CharSequence key) {
        String before = driver.getCurrentUrl();
        keys(key);
        wait.until(d -> !d.getCurrentUrl().equals(before));
        wait.until(d -> ((org.openqa.selenium.JavascriptExecutor) d).executeScript("return document.readyState").equals("complete"));
    }

    private void screenshot(String name) throws Exception {
        Path dir = Path.of("docs/screenshots");
        Files.createDirectories(dir);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static JsonPath reviews(String key, String image) {
        return as("curator").get("/api/datasets/" + key + "/reviews?image=" + image).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void curatorWorksThroughTheQueueWithKeysOnly() throws Exception {
        String key = AuditWorld.create();
        signIn();
        open("/datasets/" + key + "/review");
        // highest score first: i3 (label error, score 1)
        assertEquals("i3", imageKey());
        assertTrue(driver.findElement(By.id("sf-bars")).getText().contains("fox"));
        assertTrue(driver.findElement(By.id("model-top")).getText().contains("M1"));
        assertTrue(driver.findElement(By.id("judgments")).getText().contains("fox"));
        screenshot("review.png");

        decide("o");                                    // keep original: both findings of i3 resolved
        assertEquals("i2", imageKey());
        JsonPath log = reviews(key, "i3");
        assertEquals("KEPT_ORIGINAL", log.getString("reviews[0].decision"));
        assertEquals("test-curator", log.getString("reviews[0].curator"));

        decide("k");                                    // back to i3's other finding (resolved)
        assertEquals("i3", imageKey());
        assertEquals("kept original", driver.findElement(By.id("review-status")).getText());
        decide("a");                                    // revise: accept the consensus after all
        log = reviews(key, "i3");
        assertEquals(List.of("ACCEPTED_CONSENSUS", "KEPT_ORIGINAL"), log.getList("reviews.decision"));
        assertEquals(log.getInt("reviews[1].id"), log.getInt("reviews[0].supersedes"));
        assertEquals("i2", imageKey());

        keys("h");                                      // set by hand: the labels field takes the focus
        wait.until(d -> "hand-labels".equals(d.switchTo().activeElement().getAttribute("id")));
        String before = driver.getCurrentUrl();
        keys("cat", Keys.ENTER);
        wait.until(d -> !d.getCurrentUrl().equals(before));
        log = reviews(key, "i2");
        assertEquals("SET_BY_HAND", log.getString("reviews[0].decision"));
        assertEquals(List.of("cat"), log.getList("reviews[0].after.valid"));
        assertEquals("i5", imageKey());

        decide("r");                                    // more judgments: the queue is then empty
        assertEquals("MORE_JUDGMENTS_REQUESTED", reviews(key, "i5").getString("reviews[0].decision"));
        assertTrue(driver.findElement(By.id("queue-empty")).getText().contains("Nothing to review"));

        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 2400));
        open("/datasets/" + key + "/dashboard");
        assertTrue(driver.findElement(By.id("metrics")).getText().contains("M1"));
        screenshot("dashboard.png");
    }

    @Test
    void gridVerifiesManyFindingsOfOneKindAndQueueExcludesOrMarksAmbiguous() {
        String key = AuditWorld.create();
        signIn();
        open("/datasets/" + key + "/review?kind=MULTIPLE_OBJECTS");
        assertEquals("i2", imageKey());
        decide("g");
        assertTrue(driver.getCurrentUrl().contains("/review/grid?kind=MULTIPLE_OBJECTS"));
        keys(Keys.ARROW_RIGHT);                         // focus the first tile
        org.openqa.selenium.WebElement box = driver.findElement(By.cssSelector(".tile input[type=checkbox]"));
        assertTrue(box.isSelected());
        keys(Keys.SPACE);
        assertTrue(!box.isSelected());
        keys(Keys.SPACE);
        assertTrue(box.isSelected());
        decide("a");
        assertTrue(driver.findElement(By.id("grid-status")).getText().contains("1 images"));
        assertEquals("ACCEPTED_CONSENSUS", reviews(key, "i2").getString("reviews[0].decision"));

        decide("q");                                    // back to the queue of that kind: empty now
        assertTrue(driver.findElement(By.id("queue-empty")).getText().contains("Nothing to review"));
        open("/datasets/" + key + "/review?kind=TOO_FEW_JUDGMENTS");
        assertEquals("i5", imageKey());
        decide("e");
        assertEquals("EXCLUDED", reviews(key, "i5").getString("reviews[0].decision"));
        open("/datasets/" + key + "/review?kind=LABEL_ERROR");
        assertEquals("i3", imageKey());
        decide("m");
        assertEquals("AMBIGUOUS", reviews(key, "i3").getString("reviews[0].decision"));
        // excluded and ambiguous images leave the metrics: i3, i5 out of 6
        assertEquals(4, as("researcher").get("/api/datasets/" + key + "/metrics").then().extract().jsonPath()
                .getInt("models[0].images"));
    }
}
