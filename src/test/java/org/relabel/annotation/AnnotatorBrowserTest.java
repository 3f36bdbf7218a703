package org.relabel.annotation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.relabel.testing.TestUsers.as;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
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
import org.relabel.annotation.domain.JudgmentRules;
import org.relabel.annotation.domain.StoredAnswers;
import org.relabel.demo.world.DemoClass;
import org.relabel.demo.world.DemoVocabulary;
import org.relabel.demo.world.Scene;
import org.relabel.demo.world.SceneGenerator;
import org.relabel.demo.world.SceneRenderer;
import org.relabel.demo.world.SceneSpec;
import org.relabel.testing.TestUsers;
import org.relabel.testing.Zips;

/**
 * The annotator page in a real browser (Debian's Chromium through chromedriver, headless): sign in
 * as an annotator, label three images with the keyboard only (tick, choose the main object, "none
 * of these", "image unclear", undo), and check the judgments stored. Takes the screenshot of the
 * README. Without Chromium this test fails: CI installs it (.ci/run).
 */
@QuarkusTest
class AnnotatorBrowserTest {
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TestHTTPResource("/")
    URL base;
    @Inject
    AccountService accounts;
    @Inject
    AgroalDataSource db;

    WebDriver driver;
    WebDriverWait wait;
    String dataset;
    long campaign;
    List<Scene> scenes;
    final Map<String, Long> classIds = new HashMap<>();
    final Map<Long, String> classKeys = new HashMap<>();

    @BeforeEach
    void setUp() throws SQLException {
        if (!Files.isExecutable(CHROMEDRIVER) || !Files.isExecutable(CHROMIUM)) {
            fail("Chromium and chromedriver are needed at " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": apt-get install -y chromium chromium-driver (.ci/run does)");
        }
        TestUsers.ensure(accounts);
        dataset = "browser-" + UUID.randomUUID().toString().substring(0, 8);
        as("admin").contentType("application/json").body("{\"name\":\"Demo scenes\"}").put("/api/datasets/" + dataset)
                .then().statusCode(201);
        TestUsers.members(dataset);
        StringBuilder csv = new StringBuilder("key,name,description\n");
        for (DemoClass c : DemoVocabulary.classes()) {
            csv.append(c.key()).append(',').append(c.name()).append(",\"").append(c.description()).append("\"\n");
        }
        as("researcher").contentType("text/csv").body(csv.toString()).post("/api/datasets/" + dataset + "/classes")
                .then().statusCode(200);
        scenes = SceneGenerator.generate(SceneSpec.of(11, 3).withSize(256).withMultiObjectRate(1.0));
        Zips zip = new Zips();
        for (Scene s : scenes) zip.add(s.originalLabel() + "/" + s.key() + ".png", SceneRenderer.renderPng(s));
        as("researcher").contentType("application/zip").body(zip.bytes()).post("/api/datasets/" + dataset + "/images")
                .then().statusCode(200);
        predictions(scenes);
        campaign = as("curator").contentType("application/json").body("{\"name\":\"Which objects are in the scene?\","
                        + "\"models\":[\"small-cnn\",\"big-cnn\"],\"topK\":3,\"maxCandidates\":6,\"overlap\":1,"
                        + "\"instructions\":\"Tick **every** object you can see, even small or partly hidden ones. "
                        + "Then choose the *main* object: the one the picture is about.\"}")
                .post("/api/datasets/" + dataset + "/campaigns").then().statusCode(201).extract().jsonPath().getLong("id");
        as("curator").post("/api/datasets/" + dataset + "/campaigns/" + campaign + "/open").then().statusCode(200);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--window-size=1366,860", "--force-device-scale-factor=1");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    @AfterEach
    void tearDown() {
        if (driver != null) driver.quit();
    }

    /** Two imported models: one mostly repeating the original label, one finding the scene's objects. */
    void predictions(List<Scene> scenes) throws SQLException {
        try (Connection c = db.getConnection()) {
            long datasetId;
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM dataset WHERE dataset_key = ?")) {
                ps.setString(1, dataset);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    datasetId = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT id, class_key FROM dataset_class WHERE dataset_id = ?")) {
                ps.setLong(1, datasetId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        classIds.put(rs.getString(2), rs.getLong(1));
                        classKeys.put(rs.getLong(1), rs.getString(2));
                    }
                }
            }
            List<String> vocabulary = DemoVocabulary.keys();
            for (String model : List.of("small-cnn", "big-cnn")) {
                long modelId;
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO model (dataset_id, name, format, top_k, created_at) "
                        + "VALUES (?, ?, 'IMPORTED', 3, ?)", new String[]{"id"})) {
                    ps.setLong(1, datasetId);
                    ps.setString(2, model);
                    ps.setObject(3, OffsetDateTime.now());
                    ps.executeUpdate();
                    try (ResultSet k = ps.getGeneratedKeys()) {
                        k.next();
                        modelId = k.getLong(1);
                    }
                }
                for (Scene s : scenes) {
                    long image;
                    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM image WHERE dataset_id = ? AND image_key = ?")) {
                        ps.setLong(1, datasetId);
                        ps.setString(2, s.originalLabel() + "/" + s.key() + ".png");
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            image = rs.getLong(1);
                        }
                    }
                    // small-cnn: the original label, then the objects present; big-cnn: the main object, then confusions
                    Set<String> ranked = new LinkedHashSet<>();
                    if (model.equals("small-cnn")) {
                        ranked.add(s.originalLabel());
                        ranked.addAll(s.truth().present());
                    } else {
                        ranked.add(s.truth().main());
                    }
                    int filler = vocabulary.indexOf(s.truth().main()) + 4;
                    while (ranked.size() < 3) ranked.add(vocabulary.get(filler++ % vocabulary.size()));
                    int rank = 1;
                    for (String label : new ArrayList<>(ranked).subList(0, 3)) {
                        try (PreparedStatement ps = c.prepareStatement("INSERT INTO prediction (model_id, image_id, label_rank, "
                                + "class_id, probability) VALUES (?, ?, ?, ?, ?)")) {
                            ps.setLong(1, modelId);
                            ps.setLong(2, image);
                            ps.setShort(3, (short) rank);
                            ps.setLong(4, classIds.get(label));
                            ps.setDouble(5, 0.8 / rank++);
                            ps.executeUpdate();
                        }
                    }
                }
            }
        }
    }

    /** What the page shows now: the image URL and the candidates with their keyboard keys, in display order. */
    record Shown(String image, List<String> labels, List<String> keys) {
    }

    Shown waitForImage(String previous) {
        wait.until(d -> {
            WebElement img = d.findElement(By.cssSelector(".js-image"));
            String src = img.getAttribute("src");
            return src != null && src.contains("/media/") && !src.equals(previous) && img.isDisplayed()
                    && !d.findElements(By.cssSelector(".js-candidates .candidate")).isEmpty()
                    && Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript("return arguments[0].complete", img));
        });
        String src = driver.findElement(By.cssSelector(".js-image")).getAttribute("src");
        List<String> labels = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (WebElement b : driver.findElements(By.cssSelector(".js-candidates .candidate"))) {
            labels.add(b.getAttribute("data-key"));
            keys.add(b.findElement(By.tagName("kbd")).getText().toLowerCase());
        }
        return new Shown(src, labels, keys);
    }

    void press(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    @Test
    void annotatorLabelsThreeImagesWithTheKeyboardOnly() throws Exception {
        // sign in: the user name field has the focus; Tab to the password, Enter submits
        driver.get(new URL(base, "/login").toString());
        driver.switchTo().activeElement().sendKeys("test-annotator", Keys.TAB, TestUsers.PASSWORD, Keys.ENTER);
        wait.until(d -> d.getCurrentUrl().endsWith("/annotate"));
        assertTrue(driver.getPageSource().contains("Which objects are in the scene?"));
        driver.get(new URL(base, "/annotate/" + campaign).toString());

        // image 1 (every scene holds several objects): tick the objects present, Enter, choose the main one, Enter
        Shown first = waitForImage(null);
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript("window.sent = []; var f = window.fetch; window.fetch = function (url, opts) {"
                + " window.sent.push(((opts && opts.method) || 'GET') + ' ' + url); return f.apply(this, arguments); };");
        Scene scene = sceneOf(first);
        List<String> present = first.labels().stream().filter(scene.truth().present()::contains).toList();
        assertTrue(present.size() >= 2, "the candidates hold the scene's objects " + scene.truth().present());
        for (String label : present) press(first.keys().get(first.labels().indexOf(label)));
        wait.until(d -> d.findElements(By.cssSelector(".candidate[aria-pressed='true']")).size() == present.size());
        screenshot("docs/screenshots/annotator.png");
        press(Keys.ENTER);
        wait.until(d -> d.findElement(By.cssSelector(".js-step")).getText().toLowerCase().contains("2 of 2"));
        press(first.keys().get(first.labels().indexOf(scene.truth().main())));
        wait.until(d -> !d.findElements(By.cssSelector(".candidate.main")).isEmpty());
        press(Keys.ENTER);

        // image 2: none of these
        Shown second = waitForImage(first.image());
        press("n", Keys.ENTER);

        // image 3: one label and "image unclear"; then undo it and answer again with another label
        Shown third = waitForImage(second.image());
        press(third.keys().get(1), "u", Keys.ENTER);
        waitForJudgments(3);
        press("z");
        wait.until(d -> d.findElement(By.cssSelector(".js-image")).getAttribute("src").equals(third.image())
                && d.findElements(By.cssSelector(".candidate[aria-pressed='true']")).size() == 1);
        // untick the label, tick another; the unclear flag came back with the answer and stays
        press(third.keys().get(1), third.keys().get(0), Keys.ENTER);
        wait.until(d -> d.findElement(By.cssSelector(".js-finished")).isDisplayed());
        waitForJudgments(3);
        wait.until(d -> d.findElement(By.cssSelector(".js-done-today")).getText().equals("3"));

        // the answers bring the next images with them (one round trip per image)
        @SuppressWarnings("unchecked")
        List<String> sent = (List<String>) js.executeScript("return window.sent");
        assertTrue(sent.stream().anyMatch(r -> r.startsWith("POST ") && r.endsWith("/judgments?next=true")),
                "an answer asked for the next image: " + sent);

        Map<String, Stored> stored = judgments();
        assertEquals(3, stored.size());
        Stored one = stored.get(hash(first.image()));
        assertEquals(new HashSet<>(present), one.selected());
        assertEquals(scene.truth().main(), one.main());
        assertEquals(first.labels(), one.shown());
        assertFalse(one.none() || one.unclear());
        assertTrue(one.millis() > 0);
        Stored two = stored.get(hash(second.image()));
        assertTrue(two.none());
        assertEquals(Set.of(), two.selected());
        assertNull(two.main());
        assertEquals(second.labels(), two.shown());
        Stored three = stored.get(hash(third.image()));
        assertEquals(Set.of(third.labels().get(0)), three.selected(), "the undone answer was replaced");
        assertEquals(third.labels().get(0), three.main());
        assertTrue(three.unclear(), "the unclear flag of the undone answer came back with it");
    }

    /**
     * The outbox (issue #10): answers given while the server answers 503 or cannot be reached are kept
     * in the browser with their idempotency keys and sent when it can be reached again, also after a
     * reload; each is stored exactly once, and the page says what is waiting.
     */
    @Test
    void answersGivenWhileTheServerCannotBeReachedAreKeptThroughAReloadAndStoredOnce() throws Exception {
        driver.get(new URL(base, "/login").toString());
        driver.switchTo().activeElement().sendKeys("test-annotator", Keys.TAB, TestUsers.PASSWORD, Keys.ENTER);
        wait.until(d -> d.getCurrentUrl().endsWith("/annotate"));
        driver.get(new URL(base, "/annotate/" + campaign).toString());
        JavascriptExecutor js = (JavascriptExecutor) driver;
        String outbox = "relabel.outbox." + campaign + ".test-annotator";

        // 1. the server answers 503 (database unavailable) to submissions: the answer waits, then goes through
        Shown first = waitForImage(null);
        js.executeScript("window.realFetch = window.fetch; window.fetch = function (url, opts) {"
                + " if (String(url).indexOf('/judgments') >= 0) return Promise.resolve(new Response("
                + " JSON.stringify({type: 'urn:relabel:database-unavailable', status: 503, detail: 'down'}),"
                + " {status: 503, headers: {'Content-Type': 'application/problem+json'}}));"
                + " return window.realFetch(url, opts); };");
        press("n", Keys.ENTER);
        Shown second = waitForImage(first.image());
        wait.until(d -> d.findElement(By.cssSelector(".js-outbox")).getText().contains("1 answer not sent yet"));
        assertEquals(0, judgments().size());
        js.executeScript("window.fetch = window.realFetch; window.dispatchEvent(new Event('online'));");
        waitForJudgments(1);
        wait.until(d -> d.findElement(By.cssSelector(".js-outbox")).getText().contains("All your answers are saved"));
        assertNull(js.executeScript("return localStorage.getItem(arguments[0])", outbox));

        // 2. no connection at all: the answer is in localStorage; a reload sends it, and does not show its image again
        js.executeScript("window.realFetch = window.fetch; window.fetch = function (url, opts) {"
                + " if (String(url).indexOf('/judgments') >= 0) return Promise.reject(new TypeError('Failed to fetch'));"
                + " return window.realFetch(url, opts); };");
        press(second.keys().get(0), Keys.ENTER);
        wait.until(d -> d.findElement(By.cssSelector(".js-outbox")).getText().contains("not sent yet"));
        String kept = (String) js.executeScript("return localStorage.getItem(arguments[0])", outbox);
        assertTrue(kept != null && kept.contains("idempotencyKey"), "the answer waits in the browser: " + kept);
        assertEquals(1, judgments().size());
        driver.navigate().refresh();
        Shown afterReload = waitForImage(null);
        waitForJudgments(2);
        assertFalse(afterReload.image().equals(second.image()), "the answered image is not offered again");
        wait.until(d -> js.executeScript("return localStorage.getItem(arguments[0])", outbox) == null);

        Map<String, Stored> stored = judgments();
        assertTrue(stored.get(hash(first.image())).none());
        assertEquals(Set.of(second.labels().get(0)), stored.get(hash(second.image())).selected());
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*), COUNT(DISTINCT idempotency_key) FROM judgment WHERE campaign_id = ? AND annotator = 'test-annotator'")) {
            ps.setLong(1, campaign);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(2, rs.getInt(1), "each answer stored once");
                assertEquals(2, rs.getInt(2));
            }
        }
    }

    @Test
    void pageFitsATabletWithoutSideways() throws Exception {
        driver.get(new URL(base, "/login").toString());
        driver.switchTo().activeElement().sendKeys("test-annotator", Keys.TAB, TestUsers.PASSWORD, Keys.ENTER);
        wait.until(d -> d.getCurrentUrl().endsWith("/annotate"));
        driver.manage().window().setSize(new Dimension(768, 1024));
        driver.get(new URL(base, "/annotate/" + campaign).toString());
        Shown shown = waitForImage(null);
        JavascriptExecutor js = (JavascriptExecutor) driver;
        long scrollWidth = ((Number) js.executeScript("return document.documentElement.scrollWidth")).longValue();
        long clientWidth = ((Number) js.executeScript("return document.documentElement.clientWidth")).longValue();
        assertTrue(scrollWidth <= clientWidth, "page is " + scrollWidth + " px wide in a " + clientWidth + " px window");
        long imageWidth = ((Number) js.executeScript("return document.querySelector('.js-image').getBoundingClientRect().width")).longValue();
        assertTrue(imageWidth >= 500, "image shown " + imageWidth + " px wide on a tablet");
        // the instructions are one key away
        press("i");
        wait.until(d -> d.findElement(By.id("instructions")).isDisplayed());
        assertTrue(driver.findElement(By.id("instructions")).getText().contains("every"));
        press("i");
        wait.until(d -> !d.findElement(By.id("instructions")).isDisplayed());
        assertFalse(shown.labels().isEmpty());
        screenshot("target/annotator-tablet.png");
    }

    record Stored(Set<String> selected, String main, boolean none, boolean unclear, List<String> shown, int millis) {
    }

    /** The annotator's judgments in the campaign by image content hash. */
    Map<String, Stored> judgments() throws SQLException {
        Map<String, Stored> out = new HashMap<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT j.id, i.content_hash, j.main_class_id, j.none_apply, j.unclear, j.shown, j.millis, j.answers FROM judgment j "
                        + "JOIN image i ON i.id = j.image_id WHERE j.campaign_id = ? AND j.annotator = 'test-annotator'")) {
            ps.setLong(1, campaign);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Set<String> yes = new HashSet<>();
                    StoredAnswers.decode(rs.getString(8)).forEach((label, a) -> {
                        if (a == JudgmentRules.YES) yes.add(classKeys.get(label));
                    });
                    Object main = rs.getObject(3);
                    out.put(rs.getString(2), new Stored(yes, main == null ? null : classKeys.get(((Number) main).longValue()),
                            rs.getBoolean(4), rs.getBoolean(5), List.of(rs.getString(6).split(" ")), rs.getInt(7)));
                }
            }
        }
        return out;
    }

    void waitForJudgments(int n) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (judgments().size() == n) return;
            Thread.sleep(100);
        }
        fail("expected " + n + " stored judgments, found " + judgments().size());
    }

    /** The scene behind the image shown, found through the content hash in its URL. */
    Scene sceneOf(Shown shown) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT i.image_key FROM image i JOIN dataset d ON d.id = i.dataset_id WHERE d.dataset_key = ? AND i.content_hash = ?")) {
            ps.setString(1, dataset);
            ps.setString(2, hash(shown.image()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String key = rs.getString(1);
                return scenes.stream().filter(s -> key.equals(s.originalLabel() + "/" + s.key() + ".png")).findFirst().orElseThrow();
            }
        }
    }

    static String hash(String src) {
        return src.substring(src.lastIndexOf('/') + 1);
    }

    void screenshot(String to) throws Exception {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path target = Path.of(to);
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
