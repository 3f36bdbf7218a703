package org.relabel.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.relabel.testing.TestUsers.as;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.relabel.account.AccountService;
import org.relabel.testing.TestUsers;

/**
 * A real browser (headless Chromium) under the Content-Security-Policy, the origin check and CSRF
 * tokens: sign in, create a dataset and upload classes through the page's script, create and revoke an
 * API token, sign out; the browser console must report no policy violation.
 */
@QuarkusTest
class BrowserSecurityTest {
    static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    static final File CHROMIUM = new File("/usr/bin/chromium");

    @TestHTTPResource("/")
    URL base;
    @Inject
    AccountService accounts;

    WebDriver driver;

    @BeforeEach
    void start() {
        Assumptions.assumeTrue(CHROMEDRIVER.canExecute() && CHROMIUM.canExecute(),
                "needs chromium and chromium-driver (.ci/run installs them)");
        TestUsers.ensure(accounts);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).build(), options);
    }

    @AfterEach
    void stop() {
        if (driver != null) driver.quit();
    }

    String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }

    /**
     * Waits up to 20 s, trying again when the page was replaced between finding an element and reading it (after a
     * form post Chrome may report that as "Node with given id does not belong to the document", a plain
     * WebDriverException); a condition that never holds still fails after the 20 s, with the last error as cause.
     */
    WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.ignoring(WebDriverException.class);
        return wait;
    }

    @Test
    void pagesWorkUnderTheSecurityPolicyWithoutViolations() throws Exception {
        driver.get(url("/login"));
        driver.findElement(By.name("j_username")).sendKeys("test-researcher");
        driver.findElement(By.name("j_password")).sendKeys(TestUsers.PASSWORD);
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("form.js-create-dataset")));

        // the start page's script creates a dataset with a JSON PUT (same origin: allowed, no form token needed)
        String key = "br-" + UUID.randomUUID().toString().substring(0, 8);
        driver.findElement(By.name("key")).sendKeys(key);
        driver.findElement(By.cssSelector("form.js-create-dataset button")).click();
        waiting().until(ExpectedConditions.urlContains("/datasets/" + key));

        // the dataset page's script uploads a CSV and follows the job
        Path csv = Files.createTempFile("classes", ".csv");
        Files.writeString(csv, "key,name\nn1,<script>alert(1)</script>\n");
        driver.findElement(By.cssSelector("form.js-upload input[type=file]")).sendKeys(csv.toString());
        driver.findElement(By.cssSelector("form.js-upload button")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "<script>alert(1)</script>"));
        as("admin").get("/api/datasets/" + key).then().body("counts.classes", org.hamcrest.Matchers.equalTo(1));

        // a form post with its CSRF token: create an API token, see it once, revoke it
        driver.get(url("/account"));
        driver.findElement(By.name("name")).sendKeys("browser");
        driver.findElement(By.xpath("//button[text()='Create token']")).click();
        String token = waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("code.token"))).getText();
        assertTrue(token.startsWith("rl_"), token);
        driver.findElement(By.xpath("//button[text()='Revoke']")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "The token was revoked."));

        // sign out (the layout's form carries the token too)
        driver.findElement(By.xpath("//button[text()='Sign out']")).click();
        waiting().until(ExpectedConditions.urlContains("/login"));
        driver.get(url("/account"));
        waiting().until(ExpectedConditions.urlContains("/login"));

        List<String> violations = driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Refused")).toList();
        assertEquals(List.of(), violations);
    }
}
