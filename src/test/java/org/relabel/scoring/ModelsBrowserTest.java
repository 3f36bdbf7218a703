package org.relabel.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.relabel.testing.TestUsers.as;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.Color;
import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.relabel.account.AccountService;
import org.relabel.testing.TestUsers;
import org.relabel.testing.Zips;

/**
 * The models page in headless Chromium: a researcher signs in, registers the tiny TorchScript model with a
 * synset file through the form, sees a bad synset explained on the page, starts scoring with the button and
 * watches the job finish (live progress from /js/app.js under the app's CSP). Saves docs/screenshots/models.png.
 * Needs {@code apt-get install -y chromium chromium-driver}; skipped where /usr/bin/chromedriver is missing.
 */
@QuarkusTest
class ModelsBrowserTest {
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Path MODELS = Path.of("src/test/resources/models");

    @TestHTTPResource("/")
    URL base;
    @Inject
    AccountService accounts;

    WebDriver driver;
    WebDriverWait wait;
    String key;

    @BeforeEach
    void start() {
        Assumptions.assumeTrue(Files.isExecutable(DRIVER), "chromedriver not installed");
        TestUsers.ensure(accounts);
        key = "browser-models-" + UUID.randomUUID().toString().substring(0, 6);
        as("admin").contentType("application/json").body("{\"name\":\"Colour shapes\"}").put("/api/datasets/" + key).then().statusCode(201);
        TestUsers.members(key);
        as("researcher").contentType("text/csv").body("key,name\nred,Red\ngreen,Green\nblue,Blue\n")
                .post("/api/datasets/" + key + "/classes").then().statusCode(200);
        byte[] zip = new Zips().add("red/r.png", Zips.png(Color.RED, 48)).add("green/g.png", Zips.png(new Color(20, 200, 30), 48))
                .add("blue/b.png", Zips.png(Color.BLUE, 48)).add("red/dark.png", Zips.png(new Color(150, 30, 20), 48))
                .add("blue/looks-green.png", Zips.png(Color.GREEN, 48)).bytes();
        as("researcher").contentType("application/zip").body(zip).post("/api/datasets/" + key + "/images").then().statusCode(200);

        ChromeOptions options = new ChromeOptions();
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--window-size=1280,1600");
        if (Files.isExecutable(Path.of("/usr/bin/chromium"))) options.setBinary("/usr/bin/chromium");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(60));
    }

    @AfterEach
    void stop() {
        if (driver != null) driver.quit();
    }

    private void open(String path) {
        driver.get(base.toString().replaceAll("/$", "") + path);
    }

    private static String file(String name, String content) throws Exception {
        Path f = Files.createTempDirectory("synset").resolve(name);
        Files.writeString(f, content);
        return f.toAbsolutePath().toString();
    }

    private void fillForm(String name, String synset) {
        WebElement form = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("register-form")));
        form.findElement(By.name("name")).sendKeys(name);
        form.findElement(By.name("file")).sendKeys(new File(MODELS.resolve("tiny-colour.pt").toString()).getAbsolutePath());
        form.findElement(By.name("size")).sendKeys("32");
        form.findElement(By.name("resize")).sendKeys("32");
        new Select(form.findElement(By.name("centerCrop"))).selectByValue("false");
        form.findElement(By.name("synset")).sendKeys(synset);
        form.findElement(By.cssSelector("button[type=submit]")).click();
    }

    @Test
    void researcherRegistersAndScoresAModelThroughTheForm() throws Exception {
        open("/login");
        wait.until(ExpectedConditions.elementToBeClickable(By.name("j_username"))).sendKeys("test-researcher");
        driver.findElement(By.name("j_password")).sendKeys(TestUsers.PASSWORD + "\n");
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
        open("/datasets/" + key);
        driver.findElement(By.linkText("Models")).click();
        wait.until(ExpectedConditions.urlContains("/datasets/" + key + "/models"));

        // a synset with a class the dataset does not have: explained on the page, name kept
        fillForm("tiny", file("bad-synset.txt", "red\npurple\nblue\n"));
        WebElement problem = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("problem")));
        assertTrue(problem.getText().contains("Invalid synset file"), problem.getText());
        assertTrue(problem.getText().contains("line 2") && problem.getText().contains("purple"), problem.getText());
        assertEquals("tiny", driver.findElement(By.name("name")).getAttribute("value"));

        driver.findElement(By.name("name")).clear();
        fillForm("tiny", file("LOC_synset_mapping.txt", "red the colour of fire\ngreen grass\nblue sky\n"));
        WebElement message = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("message")));
        assertTrue(message.getText().contains("'tiny' was registered"), message.getText());
        WebElement row = driver.findElement(By.cssSelector("tr[data-model=tiny]"));
        assertTrue(row.getText().contains("synset file"), row.getText());

        row.findElement(By.cssSelector("form.score-form button")).click();
        wait.until(ExpectedConditions.urlContains("started=tiny"));
        // the job row is followed by the page's script until it ends
        try {
            new WebDriverWait(driver, Duration.ofSeconds(300))
                    .until(d -> d.findElement(By.cssSelector("tr.job .js-job-state")).getText().equals("succeeded"));
        } catch (org.openqa.selenium.TimeoutException e) {
            Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(),
                    Path.of("target/models-failed.png"), StandardCopyOption.REPLACE_EXISTING);
            Object fetched = ((org.openqa.selenium.JavascriptExecutor) driver).executeAsyncScript(
                    "var done = arguments[arguments.length - 1];"
                            + "fetch('/api/jobs/' + document.querySelector('tr.job').dataset.job, {headers: {Accept: 'application/json'}})"
                            + ".then(function (r) { return r.text().then(function (t) { done(r.status + ' ' + t); }); })"
                            + ".catch(function (x) { done('error ' + x); });");
            throw new AssertionError("job row: " + driver.findElement(By.cssSelector("tr.job")).getText() + "; api (browser): "
                    + fetched + "; api: " + as("researcher").get("/api/jobs?dataset=" + key).asString(), e);
        }
        assertTrue(driver.findElement(By.cssSelector("tr.job .js-job-message")).getText().contains("tiny: 5 images scored"));
        WebElement note = driver.findElement(By.cssSelector(".js-jobs-done"));
        assertTrue(note.isDisplayed());
        note.findElement(By.linkText("reload")).click();
        wait.until(d -> d.findElement(By.cssSelector("tr[data-model=tiny]")).getText().contains("80.0%"));
        screenshot("models.png");
    }

    private void screenshot(String name) throws Exception {
        Path dir = Path.of("docs/screenshots");
        Files.createDirectories(dir);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
