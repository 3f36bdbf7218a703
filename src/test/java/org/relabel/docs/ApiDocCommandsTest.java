package org.relabel.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.relabel.testing.TestUsers.as;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relabel.account.AccountService;
import org.relabel.scoring.engine.DemoModelTrainer;
import org.relabel.scoring.engine.TrainedModel;
import org.relabel.scoring.engine.TrainingSpec;
import org.relabel.testing.Jobs;
import org.relabel.testing.TestUsers;
import org.relabel.testing.Zips;

/**
 * Runs the shell examples of the documentation as written, with {@code /bin/bash} and the real {@code curl} (and
 * {@code jq}), against the test server: every {@code ```bash} block of docs/api.md, then of docs/admin-guide.md
 * and docs/researcher-guide.md, in order, in one working directory and one shell state (variables and functions
 * a block defines, such as {@code JOB} or {@code wait_job}, reach the next blocks). {@code RL} and {@code AUTH}
 * are set to the test server and a real admin after every block, as the docs tell the reader to set them.
 * <p>
 * Each block runs with {@code set -euo pipefail} and {@code curl} wrapped to add {@code -sS --fail-with-body}:
 * an HTTP error, a failing command or an unset variable fails the test, naming the file and line of the block
 * with its output and every curl call's status. An HTML comment just before a block changes that:
 * {@code <!-- doc-test: expect-status 409 -->} (every curl call in the block must get that status) or
 * {@code <!-- doc-test: skip (reason) -->} (not run; a reason is required).
 * <p>
 * The working directory holds the files the walkthrough uploads, made here for a small ImageNet-style world: 7
 * ImageNet classes with an index column, 13 images with pixels (JPEG), predictions of an imported model,
 * ReaL-style ratings and CLASSIFY-style responses. The model files are stand-ins with the documented formats:
 * {@code resnet50.pt} is the 7-output TorchScript fixture {@code wrong-width.pt} (outputs mapped by the classes'
 * index column), {@code small.onnx} the 3-output {@code tiny-colour.onnx} with a 3-line synset file, and
 * {@code small-cnn.zip} a DJL model directory trained here for one epoch.
 */
@QuarkusTest
class ApiDocCommandsTest {
    static final Path MODELS = Path.of("src/test/resources/models");
    static final List<Path> DOCS = List.of(Path.of("docs/api.md"), Path.of("docs/admin-guide.md"),
            Path.of("docs/researcher-guide.md"));
    static final Path WORK = Path.of("target/api-doc-commands");
    static final int BLOCK_TIMEOUT_SECONDS = 120;
    static final Pattern MARKER = Pattern.compile("<!--\\s*doc-test:\\s*(.*?)\\s*-->");
    static final Pattern SKIP = Pattern.compile("skip\\s*\\((.+)\\)");
    static final Pattern EXPECT = Pattern.compile("expect-status\\s+(\\d{3})");

    @TestHTTPResource("/")
    URL base;
    @Inject
    AccountService accounts;

    @BeforeEach
    void users() {
        TestUsers.ensure(accounts);
    }

    /** Closes the walkthrough's campaigns, so that its open queue does not meet the tests that run after this one. */
    @AfterEach
    void closeCampaigns() {
        var list = as("admin").get("/api/datasets/inet/campaigns");
        if (list.statusCode() != 200) return;
        List<Map<String, Object>> campaigns = list.jsonPath().getList("$");
        for (Map<String, Object> c : campaigns) {
            if ("OPEN".equals(c.get("state"))) {
                as("admin").post("/api/datasets/inet/campaigns/" + ((Number) c.get("id")).longValue() + "/close");
            }
        }
    }

    /** A fenced bash block: where it starts (the fence's line, 1-based), its text and its doc-test directive. */
    record Block(Path file, int line, String code, String directive) {
        String where() {
            return file + ":" + line;
        }
    }

    @Test
    void everyShellExampleOfTheDocsRunsAsWritten() throws Exception {
        for (String tool : List.of("bash", "curl", "jq", "sha256sum")) {
            if (!onPath(tool)) fail(tool + " is needed to run the documented commands: apt-get install -y curl jq (.ci/run does)");
        }
        prepareWorkingDirectory();
        String rl = base.toString().replaceAll("/+$", "");
        String auth = "test-admin:" + TestUsers.PASSWORD;
        Path state = WORK.resolve(".doc-test/state.sh");
        Path prelude = writePrelude();
        int ran = 0;
        int curls = 0;
        List<String> skipped = new ArrayList<>();
        for (Path doc : DOCS) {
            List<Block> blocks = blocks(doc);
            assertFalse(blocks.isEmpty(), doc + " has no bash blocks");
            for (Block b : blocks) {
                Integer expect = null;
                if (b.directive() != null) {
                    Matcher skip = SKIP.matcher(b.directive());
                    Matcher status = EXPECT.matcher(b.directive());
                    if (skip.matches()) {
                        skipped.add(b.where() + " (" + skip.group(1) + ")");
                        continue;
                    } else if (status.matches()) {
                        expect = Integer.parseInt(status.group(1));
                    } else {
                        fail(b.where() + ": unknown doc-test directive '" + b.directive()
                                + "' (use 'skip (reason)' or 'expect-status NNN')");
                    }
                }
                curls += run(b, prelude, state, rl, auth, expect);
                ran++;
            }
        }
        System.out.println("ApiDocCommandsTest: ran " + ran + " blocks with " + curls + " curl calls; skipped " + skipped);
        assertTrue(ran >= 25, "only " + ran + " blocks ran");
        assertTrue(skipped.size() <= 3, "too many skipped blocks: " + skipped);

        // every job the walkthrough started ended well (wait_job prints a failed job but does not stop the shell)
        List<Map<String, Object>> jobs = as("admin").get("/api/jobs?dataset=inet&limit=500").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertFalse(jobs.isEmpty(), "the walkthrough started no job on dataset inet");
        for (Map<String, Object> job : jobs) {
            String ended = Jobs.await("admin", (String) job.get("id"), 60).path("state");
            assertEquals("SUCCEEDED", ended, "job of the walkthrough: " + job);
        }
    }

    /** Runs one block; returns the number of curl calls it made. */
    private int run(Block b, Path prelude, Path state, String rl, String auth, Integer expect) throws Exception {
        Path dir = WORK.resolve(".doc-test");
        String id = b.file().getFileName().toString().replace(".md", "") + "-" + b.line();
        Path script = dir.resolve(id + ".sh");
        Path output = dir.resolve(id + ".out");
        Path curlLog = dir.resolve(id + ".curl");
        Files.deleteIfExists(curlLog);
        Files.writeString(script, "source " + prelude.toAbsolutePath() + "\n" + b.code() + "\n__doc_save_state\n",
                StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", script.toAbsolutePath().toString())
                .directory(WORK.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        Map<String, String> env = pb.environment();
        env.put("DOC_RL", rl);
        env.put("DOC_AUTH", auth);
        env.put("DOC_STATE", state.toAbsolutePath().toString());
        env.put("DOC_CURL_LOG", curlLog.toAbsolutePath().toString());
        for (String proxy : List.of("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")) {
            env.remove(proxy);
        }
        if (expect != null) env.put("DOC_EXPECT_STATUS", expect.toString());
        else env.remove("DOC_EXPECT_STATUS");
        Process p = pb.start();
        boolean ended = p.waitFor(BLOCK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!ended) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        List<String> calls = Files.exists(curlLog) ? Files.readAllLines(curlLog, StandardCharsets.UTF_8) : List.of();
        String problem = null;
        if (!ended) {
            problem = "did not end within " + BLOCK_TIMEOUT_SECONDS + " s";
        } else if (p.exitValue() != 0) {
            problem = "failed with exit status " + p.exitValue();
        } else if (expect != null) {
            if (calls.isEmpty()) problem = "expected HTTP " + expect + " but made no curl call";
            for (String call : calls) {
                if (!call.startsWith(expect + " ")) problem = "expected HTTP " + expect + " from every curl call";
            }
        }
        if (problem != null) {
            fail(b.where() + ": the documented commands " + problem + "\n--- block ---\n" + b.code()
                    + "\n--- output ---\n" + tail(Files.readString(output, StandardCharsets.UTF_8), 6000)
                    + "\n--- curl calls (HTTP status, arguments) ---\n" + String.join("\n", calls)
                    + "\n--- files: " + WORK.toAbsolutePath() + " ---");
        }
        return calls.size();
    }

    /**
     * The shell code run before each block: strict mode, the state left by earlier blocks, RL and AUTH of the test
     * server, and curl wrapped to fail on HTTP errors (or, for an expect-status block, only to record the status).
     */
    private static Path writePrelude() throws IOException {
        String prelude = """
                set -euo pipefail
                __doc_baseline=" $(compgen -v | tr '\\n' ' ') "
                if [[ -f "$DOC_STATE" ]]; then source "$DOC_STATE"; fi
                export RL="$DOC_RL" AUTH="$DOC_AUTH"
                curl() {
                  local __hdr __rc=0 __status __args
                  __hdr=$(mktemp)
                  if [[ -n "${DOC_EXPECT_STATUS:-}" ]]; then
                    command curl -q -sS -D "$__hdr" "$@" || __rc=$?
                  else
                    command curl -q -sS --fail-with-body -D "$__hdr" "$@" || __rc=$?
                  fi
                  __status=$(grep -a '^HTTP/' "$__hdr" | tail -n 1 | cut -d ' ' -f 2 || true)
                  rm -f "$__hdr"
                  __args="$*"
                  printf '%s %s\\n' "${__status:-000}" "${__args//$'\\n'/ }" >> "$DOC_CURL_LOG"
                  if [[ $__rc -ne 0 ]]; then printf '\\n[doc-test] curl exit %s (HTTP %s): curl %s\\n' "$__rc" "${__status:-none}" "$*" >&2; fi
                  return $__rc
                }
                __doc_save_state() {
                  local __v __f
                  {
                    for __v in $(compgen -v); do
                      case "$__doc_baseline" in *" $__v "*) continue ;; esac
                      case "$__v" in __*|_|RL|AUTH|FUNCNAME|BASH_*|PIPESTATUS) continue ;; esac
                      declare -p "$__v"
                    done
                    for __f in $(compgen -A function); do
                      case "$__f" in __*|curl) continue ;; esac
                      declare -f "$__f"
                    done
                  } > "$DOC_STATE.tmp"
                  mv "$DOC_STATE.tmp" "$DOC_STATE"
                }
                """;
        Path file = WORK.resolve(".doc-test/prelude.sh");
        Files.writeString(file, prelude, StandardCharsets.UTF_8);
        return file;
    }

    /** The fenced bash blocks of a markdown file, each with the doc-test comment on the line before it (if any). */
    static List<Block> blocks(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("```bash")) continue;
            int start = i;
            StringBuilder code = new StringBuilder();
            for (i++; i < lines.size() && !lines.get(i).strip().equals("```"); i++) code.append(lines.get(i)).append('\n');
            if (i >= lines.size()) fail(file + ":" + (start + 1) + ": unterminated code block");
            String directive = null;
            int prev = start - 1;
            while (prev >= 0 && lines.get(prev).isBlank()) prev--;
            if (prev >= 0) {
                Matcher m = MARKER.matcher(lines.get(prev).strip());
                if (m.matches()) directive = m.group(1);
            }
            blocks.add(new Block(file, start + 1, code.toString(), directive));
        }
        return blocks;
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) return true;
        }
        return false;
    }

    private static String tail(String text, int max) {
        return text.length() <= max ? text : "..." + text.substring(text.length() - max);
    }

    // ---- the files the walkthrough uploads ----

    /** The 7 classes, in model output order. */
    static final String[][] CLASSES = {
            {"n01440764", "tench, Tinca tinca"},
            {"n02085620", "Chihuahua"},
            {"n02086240", "Shih-Tzu"},
            {"n02102040", "English springer, English springer spaniel"},
            {"n03394916", "French horn, horn"},
            {"n03459775", "grille, radiator grille"},
            {"n03930630", "picket fence, paling"}};

    /** Image key (number in the ImageNet validation set) to original label. */
    static final Map<String, String> IMAGES = new LinkedHashMap<>();

    static {
        String[] labels = {"n01440764", "n01440764", "n02102040", "n02102040", "n03394916", "n03394916", "n02085620",
                "n02086240", "n03459775", "n03930630", "n01440764", "n02102040"};
        for (int i = 0; i < labels.length; i++) IMAGES.put(String.format("ILSVRC2012_val_%08d.JPEG", i + 1), labels[i]);
        IMAGES.put("ILSVRC2012_val_00000049.JPEG", "n03930630");
    }

    /** A second label shown with each image's original label: another class. */
    static String other(String label) {
        return label.equals("n03459775") ? "n03930630" : "n03459775";
    }

    private void prepareWorkingDirectory() throws IOException {
        if (Files.exists(WORK)) {
            try (Stream<Path> walk = Files.walk(WORK)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(WORK.resolve(".doc-test"));
        StringBuilder classes = new StringBuilder("key,name,index\n");
        for (int i = 0; i < CLASSES.length; i++) {
            classes.append(CLASSES[i][0]).append(",\"").append(CLASSES[i][1]).append("\",").append(i).append('\n');
        }
        write("classes.csv", classes.toString());

        StringBuilder labels = new StringBuilder("image,label\n");
        StringBuilder imagesCsv = new StringBuilder("image,label,location\n");
        Zips zip = new Zips();
        Random random = new Random(49);
        int n = 0;
        for (var e : IMAGES.entrySet()) {
            labels.append(e.getKey()).append(',').append(e.getValue()).append('\n');
            imagesCsv.append(e.getKey()).append(',').append(e.getValue()).append(",images/").append(e.getKey()).append('\n');
            zip.add("images/" + e.getKey(), jpeg(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)),
                    new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)), 64 + 8 * (n++ % 3), 48));
        }
        write("original_labels.csv", labels.toString());
        Files.write(WORK.resolve("val.zip"), zip.add("images.csv", imagesCsv.toString()).bytes());

        // predictions of a model run elsewhere: the first six images as CSV, the others as JSON Lines
        StringBuilder csv = new StringBuilder("image,model,rank,label,probability\n");
        StringBuilder jsonl = new StringBuilder();
        int i = 0;
        for (var e : IMAGES.entrySet()) {
            String image = e.getKey();
            String label = e.getValue();
            if (i++ < 6) {
                csv.append(image).append(",resnet152,1,").append(label).append(",0.8\n");
                csv.append(image).append(",resnet152,2,").append(other(label)).append(",0.1\n");
            } else if (image.endsWith("49.JPEG")) {
                jsonl.append("{\"image\":\"").append(image).append("\",\"model\":\"resnet152\",\"top\":[\"n03459775\",\"n03930630\"]}\n");
            } else {
                jsonl.append("{\"image\":\"").append(image).append("\",\"model\":\"resnet152\",\"top\":[{\"label\":\"")
                        .append(label).append("\",\"probability\":0.7},{\"label\":\"").append(other(label))
                        .append("\",\"probability\":0.2}]}\n");
            }
        }
        write("predictions.csv", csv.toString());
        write("predictions.jsonl", jsonl.toString());

        // ReaL-style ratings: five raters answer the original label and one other label of every image; image 49
        // is a label error (its original label is absent, the other label present), image 3 holds two objects
        StringBuilder ratings = new StringBuilder("image,label,annotator,answer\n");
        for (var e : IMAGES.entrySet()) {
            String image = e.getKey();
            String label = e.getValue();
            boolean labelError = image.endsWith("49.JPEG");
            boolean twoObjects = image.endsWith("00000003.JPEG");
            for (int r = 1; r <= 5; r++) {
                String original = labelError ? "no" : "yes";
                String second = labelError || twoObjects ? "yes" : r == 5 ? "maybe" : "no";
                String secondLabel = twoObjects ? "n03394916" : other(label);
                ratings.append(image).append(',').append(label).append(",rater-").append(r).append(',').append(original).append('\n');
                ratings.append(image).append(',').append(secondLabel).append(",rater-").append(r).append(',').append(second).append('\n');
            }
        }
        write("ratings.csv", ratings.toString());
        StringBuilder responses = new StringBuilder();
        int k = 0;
        for (var e : IMAGES.entrySet()) {
            if (k++ >= 4) break;
            for (int w = 1; w <= 3; w++) {
                responses.append("{\"image\":\"").append(e.getKey()).append("\",\"annotator\":\"worker-").append(w)
                        .append("\",\"selected\":[\"").append(e.getValue()).append("\"],\"main\":\"").append(e.getValue())
                        .append("\",\"shown\":[\"").append(e.getValue()).append("\",\"").append(other(e.getValue()))
                        .append("\"]}\n");
            }
        }
        write("responses.jsonl", responses.toString());

        // models: stand-ins in the documented formats
        Files.copy(MODELS.resolve("wrong-width.pt"), WORK.resolve("resnet50.pt"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(MODELS.resolve("tiny-colour.onnx"), WORK.resolve("small.onnx"), StandardCopyOption.REPLACE_EXISTING);
        write("small_synset.txt", "n01440764 tench, Tinca tinca\nn02102040 English springer, English springer spaniel\n"
                + "n03394916 French horn, horn\n");
        Files.write(WORK.resolve("small-cnn.zip"), djlModelZip());
    }

    /** A DJL model directory (parameters and relabel-model.json) for the 7 classes, trained for one epoch, zipped. */
    private static byte[] djlModelZip() throws IOException {
        int size = 64;
        List<float[]> pixels = new ArrayList<>();
        int[] labels = new int[14];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % CLASSES.length;
            float[] p = new float[3 * size * size];
            java.util.Arrays.fill(p, (labels[i] % 3) * size * size, (labels[i] % 3 + 1) * size * size, 0.3f + 0.1f * labels[i]);
            pixels.add(p);
        }
        Path dir = Files.createTempDirectory("small-cnn");
        TrainedModel trained = DemoModelTrainer.trainOnPixels(pixels, labels, CLASSES.length,
                new TrainingSpec("tiny", 1, 7, 0.005, 7, size), dir, p -> { });
        Zips zip = new Zips();
        try (Stream<Path> files = Files.list(trained.directory())) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) zip.add(f.getFileName().toString(), Files.readAllBytes(f));
        }
        return zip.bytes();
    }

    private static byte[] jpeg(Color from, Color to, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, from, width, height, to));
        g.fillRect(0, 0, width, height);
        g.dispose();
        return Zips.encode(img, "jpg");
    }

    private static void write(String name, String text) throws IOException {
        Files.writeString(WORK.resolve(name), text, StandardCharsets.UTF_8);
    }
}
