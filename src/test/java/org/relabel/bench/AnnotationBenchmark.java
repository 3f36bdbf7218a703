package org.relabel.bench;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.relabel.annotation.domain.CandidatePolicy;
import org.relabel.annotation.domain.StableRandom;
import org.relabel.annotation.domain.StoredAnswers;

/**
 * Benchmark of the annotation hot paths (docs/performance.md): seeds a dataset of 50,000 images,
 * 1,000 classes, two models' top-5 predictions and a campaign that already holds 1,000,000
 * judgments (with their answers and assignments), measures the database's raw single-row insert
 * rate (the reference: one committed INSERT per transaction, from 1 and from 32 connections),
 * starts the packaged application on it, and drives 100-500 simulated annotators over HTTP on
 * loopback (form login, then lease the next image, think, submit, and every 15 s read the progress
 * figures like the annotator page) for a warm-up and a measured period. The load generator is
 * asynchronous: all annotators run on one Vert.x event loop, each a small state machine driven by the
 * callbacks of its requests and by timers for its think times (no thread per annotator, nothing blocks),
 * so that it takes little of the CPU it shares with the application. The warm-up is 2 minutes by
 * default: at a person's pace the application's JIT compiler is still busy after 20 s (over a third of
 * its CPU), which is not the state of a server that runs for days. Prints judgments per second,
 * p50/p90/p99/max of the next-image, submit and progress requests as the client sees them, the error
 * count, the CPU time per judgment of the application (with its JIT compiler's and garbage collector's
 * share), the database and the generator, the load average, and the time to open a second 50,000-image campaign
 * ({@code --open-second false} skips that).
 *
 * <p>Run it with {@code bench/annotation-benchmark.sh} (builds the jar and the class path). The load generator
 * runs with the JVM's full compilers: its optimizing compiler is done within the warm-up, and its code then
 * takes half the CPU per judgment it takes compiled by C1 alone ({@code -XX:TieredStopAtLevel=1}, 0.07 against
 * 0.14 ms), CPU that the application and the database on the same two cores do not get. Every
 * option has a default: {@code --images 50000 --judgments 1000000 --annotators 100 --warmup 120
 * --seconds 60 --think-ms 1000 --port 8191 --data-dir target/bench-data --jar
 * target/quarkus-app/quarkus-run.jar --cpus "" --db h2 --raw-seconds 10 --open-second true --progress-every-s 15
 * --combined true}
 * ({@code --think-ms 0}: every annotator submits as fast as the server answers (a closed loop); otherwise
 * an exponential think time with that mean per image, 30% of it before the lease and 70% before the submit;
 * {@code --progress-every-s}: how often an annotator reads its progress after a submission, like the page's
 * {@code PROGRESS_EVERY}; 0 never);
 * {@code --combined true} submits with {@code POST /judgments?next=true}, whose answer also holds the next
 * assignment ({@code "next"}): per judgment an annotator thinks 30%, sends that request, thinks 70% with the
 * image it got, and so on; only its first image, and the one after a {@code "next": null} (nothing leased, or
 * a server that ignores the parameter), come from a separate lease after a 30% think, and the report shows
 * the combined request on its own line ({@code --combined false}: a lease and a submit per judgment);
 * {@code --cpus 0,1} pins the application with taskset; {@code --db postgres} runs an embedded
 * PostgreSQL with {@code synchronous_commit=on} and needs a jar built with the {@code pg} profile;
 * {@code --jdbc-url} replaces the H2 URL, e.g. to try another {@code WRITE_DELAY}; {@code --setup-sql "a; b"} runs
 * statements on the database before the run, for experiments).
 */
public final class AnnotationBenchmark {
    static final String PASSWORD = "bench-password-1";
    static final int CLASSES = 1000;
    static final int TOP_K = 5;
    static final int CAP = 10;

    final Map<String, String> options;
    final int images;
    final long judgments;
    final int annotators;
    final Path dataDir;
    final int port;
    final boolean postgres;
    /** {@code --statements true} (PostgreSQL): the statements run per judgment, from pg_stat_statements. */
    final boolean statementStats;
    /**
     * Judgments per image a run may add (the seeding's overlap is the judgments per image plus this; a reused directory
     * gets as much room again): 500,000 for 50,000 images. A run at 2,000 judgments/s takes about 360,000 in its warm-up
     * and measured minute; with 5 per image the queue ran dry within the run, and a lease then reads the whole queue.
     */
    static final long ROOM_PER_IMAGE = 10;
    /** Seconds between the readings taken before the measured seconds and their beginning. */
    static final int SETTLE_SECONDS = 3;
    io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg;
    Process appProcess;

    AnnotationBenchmark(Map<String, String> options) {
        this.options = options;
        this.images = Integer.parseInt(options.getOrDefault("images", "50000"));
        this.judgments = Long.parseLong(options.getOrDefault("judgments", "1000000"));
        this.annotators = Integer.parseInt(options.getOrDefault("annotators", "100"));
        this.dataDir = Path.of(options.getOrDefault("data-dir", "target/bench-data")).toAbsolutePath();
        this.port = Integer.parseInt(options.getOrDefault("port", "8191"));
        this.postgres = options.getOrDefault("db", "h2").equals("postgres");
        this.statementStats = postgres && Boolean.parseBoolean(options.getOrDefault("statements", "false"));
    }

    /** JDBC URL of the database the application uses (and the seeding writes to). */
    String jdbcUrl() {
        if (postgres) return pg.getJdbcUrl("postgres", "postgres");
        return options.getOrDefault("jdbc-url", "jdbc:h2:file:" + dataDir.resolve("db").resolve("relabel")
                + ";MODE=PostgreSQL;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        new AnnotationBenchmark(options).run();
    }

    void run() throws Exception {
        System.out.printf(Locale.ROOT, "machine: %d cores, %s %s, Java %s, max heap of this client %d MB%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
        boolean reuse = Boolean.parseBoolean(options.getOrDefault("reuse", "false")) && Files.isDirectory(dataDir);
        if (!reuse) deleteRecursively(dataDir);
        Files.createDirectories(dataDir);
        if (postgres) {
            // the embedded default is synchronous_commit=off (a commit returns before its WAL is flushed): not here
            var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().setDataDirectory(dataDir.resolve("pg"))
                    .setCleanDataDirectory(false).setServerConfig("max_connections", "300")
                    .setServerConfig("shared_buffers", "512MB").setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", "on") // it starts postgres with -F (fsync off); a later -c fsync=on wins
                    // checkpoints when the run asks for them (one as the warm-up begins), not every 5 minutes, so that
                    // none (and the full-page images written after it) falls in the measured seconds of one run and
                    // not of another; a server in service has a large max_wal_size too
                    .setServerConfig("checkpoint_timeout", "30min").setServerConfig("max_wal_size", "8GB");
            if (statementStats) {
                builder.setServerConfig("shared_preload_libraries", "pg_stat_statements")
                        .setServerConfig("pg_stat_statements.track_planning", "on");
            }
            pg = builder.start();
            try (Connection c = connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT current_setting('fsync'), current_setting('synchronous_commit')")) {
                rs.next();
                System.out.println("database: embedded PostgreSQL 17 (fsync " + rs.getString(1) + ", synchronous_commit "
                        + rs.getString(2) + "), " + jdbcUrl());
            }
        } else {
            System.out.println("database: embedded H2, " + jdbcUrl());
        }
        Process app;
        Seeded seeded;
        if (reuse) {
            // --reuse true: the data directory of an earlier run (its seeded campaign, and what earlier runs added)
            try (Connection c = connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT MIN(id), (SELECT COUNT(*) FROM judgment) FROM campaign")) {
                rs.next();
                seeded = new Seeded(rs.getLong(1), rs.getLong(2), 0);
            }
            System.out.printf(Locale.ROOT, "reusing %s: campaign %d, %,d judgments stored%n", dataDir, seeded.campaign, seeded.judgments);
            // earlier runs used up the room the seeding left (overlap = judgments per image + ROOM_PER_IMAGE): raise the overlap so
            // that there is room for as many judgments again, else the queue runs dry and leasing slows to a crawl; and
            // the leases their annotators held at the end end now (the same names sign in again, with max-leases each)
            try (Connection c = connect(); Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE assignment SET state = 'EXPIRED', finished_at = CURRENT_TIMESTAMP "
                        + "WHERE state = 'LEASED' AND campaign_id = " + seeded.campaign);
                st.executeUpdate("UPDATE campaign_image SET leased = 0 WHERE campaign_id = " + seeded.campaign);
                addAccounts(c); // a run with more annotators than the seeding had
            }
            try (Connection c = connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT SUM(judgments_done + leased), COUNT(*) FROM campaign_image "
                         + "WHERE campaign_id = " + seeded.campaign)) {
                rs.next();
                long room = ROOM_PER_IMAGE * rs.getLong(2);
                int overlap = (int) Math.ceil((rs.getLong(1) + room) / (double) rs.getLong(2));
                st.executeUpdate("UPDATE campaign SET overlap = GREATEST(overlap, " + overlap + ") WHERE id = " + seeded.campaign);
                System.out.printf(Locale.ROOT, "overlap raised to %d (room for about %,d more judgments)%n", overlap, room);
            }
        } else {
            // 1. first start: Flyway creates the schema and the admin; then stop to seed the embedded H2 file
            app = startApp();
            waitHealthy();
            stop(app);
            long t0 = System.nanoTime();
            seeded = seed();
            System.out.printf(Locale.ROOT, "seeded %,d images, %,d judgments (%,d answers), %,d prior assignments in %.0f s%n",
                    images, seeded.judgments, seeded.answers, seeded.judgments, (System.nanoTime() - t0) / 1e9);
        }
        if (postgres) {
            // a database in service has had its autovacuum catch up with the seeding (or the last run and the changes
            // above); without this, a vacuum of the million-row tables may share the measured seconds, and the statistics
            // and visibility maps (index-only scans) are those of a moment ago
            long t0 = System.nanoTime();
            try (Connection c = connect(); Statement st = c.createStatement()) {
                st.execute("VACUUM (ANALYZE)");
            }
            System.out.printf(Locale.ROOT, "vacuumed and analyzed in %.0f s%n", (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf(Locale.ROOT, "database files: %,d MB%n", size(dataDir.resolve(postgres ? "pg" : "db")) >> 20);
        String setupSql = options.getOrDefault("setup-sql", "");
        if (!setupSql.isBlank()) {
            // an experiment on the data directory before the run, e.g. a server setting or an index to try
            try (Connection c = connect(); Statement st = c.createStatement()) {
                for (String sql : setupSql.split(";")) {
                    if (!sql.isBlank()) st.execute(sql);
                }
            }
            System.out.println("ran --setup-sql: " + setupSql);
        }
        rawInserts();
        app = startApp();
        try {
            waitHealthy();
            if (Boolean.parseBoolean(options.getOrDefault("open-second", "true"))) openSecondCampaign();
            appProcess = app;
            load(seeded.campaign);
        } finally {
            stop(app);
            if (pg != null) pg.close();
        }
    }

    // ------------------------------------------------------------------ reference: raw single-row inserts

    Connection connect() throws SQLException {
        return postgres ? DriverManager.getConnection(jdbcUrl(), "postgres", "postgres")
                : DriverManager.getConnection(jdbcUrl(), "relabel", "relabel");
    }

    /**
     * The database's own speed on this machine, measured in this run while the application is stopped
     * (the embedded H2 file can only be open in one process): single-row INSERTs, each its own committed
     * transaction (autocommit), into a scratch table shaped like a small judgment row; from one
     * connection, then from 32 at once (commits of concurrent transactions can share a disk write).
     */
    void rawInserts() throws Exception {
        int seconds = Integer.parseInt(options.getOrDefault("raw-seconds", "10"));
        if (seconds <= 0) return;
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_raw_insert"); // left by an interrupted run
            s.execute("CREATE TABLE bench_raw_insert (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
                    + "annotator VARCHAR(200) NOT NULL, idempotency_key VARCHAR(100) NOT NULL, millis INTEGER, "
                    + "created_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        }
        try {
            for (int threads : new int[]{1, 32}) {
                AtomicLong rows = new AtomicLong();
                AtomicBoolean go = new AtomicBoolean(true);
                List<Thread> workers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    Thread w = new Thread(() -> {
                        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO bench_raw_insert "
                                + "(annotator, idempotency_key, millis, created_at) VALUES (?, ?, ?, ?)")) {
                            c.setAutoCommit(true);
                            while (go.get()) {
                                ps.setString(1, "raw");
                                ps.setString(2, UUID.randomUUID().toString());
                                ps.setInt(3, 1234);
                                ps.setObject(4, OffsetDateTime.now());
                                ps.executeUpdate();
                                rows.incrementAndGet();
                            }
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    w.start();
                    workers.add(w);
                }
                Thread.sleep(seconds * 1000L);
                go.set(false);
                for (Thread w : workers) w.join();
                System.out.printf(Locale.ROOT, "reference: raw single-row inserts, each committed, %2d connection%s: %,8.0f rows/s%n",
                        threads, threads == 1 ? " " : "s", rows.get() / (double) seconds);
            }
        } finally {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE bench_raw_insert");
            }
        }
    }

    /** CPU seconds (user + system) so far of {application, database server with its backends, this client}. */
    double[] cpuSeconds() {
        double app = appProcess == null ? 0 : processTree(appProcess.toHandle());
        double db = 0;
        if (postgres) {
            String dir = dataDir.resolve("pg").toString();
            for (ProcessHandle h : ProcessHandle.allProcesses().toList()) {
                // the postmaster (a postgres binary started on our data directory); its backends are its children
                boolean postmaster = h.info().command().orElse("").endsWith("/postgres")
                        && h.info().commandLine().orElse("").contains(dir)
                        && !h.parent().flatMap(p -> p.info().command()).orElse("").endsWith("/postgres");
                if (postmaster) db += processTree(h);
            }
        }
        double client = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
        return new double[]{app, db, client};
    }

    /** CPU seconds of a process and its live descendants, from /proc (Linux; clock ticks of 100 Hz). */
    static double processTree(ProcessHandle root) {
        double sum = ticks(root.pid());
        for (ProcessHandle d : root.descendants().toList()) sum += ticks(d.pid());
        return sum / 100.0;
    }

    /**
     * CPU seconds of the application's JIT compiler threads and of its garbage collector's threads (from
     * /proc/PID/task; a compiler thread that the JVM ended since is not counted).
     */
    double[] appJitAndGc() {
        double jit = 0, gc = 0;
        if (appProcess == null) return new double[]{0, 0};
        try (var tasks = Files.list(Path.of("/proc/" + appProcess.pid() + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double s = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
                    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) jit += s;
                    else if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")) gc += s;
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return new double[]{0, 0};
        }
        return new double[]{jit, gc};
    }

    static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    // ------------------------------------------------------------------ application process

    Process startApp() throws IOException {
        List<String> cmd = new ArrayList<>();
        String cpus = options.getOrDefault("cpus", "");
        if (!cpus.isBlank()) cmd.addAll(List.of("taskset", "-c", cpus));
        cmd.add("java");
        cmd.add("-XX:ActiveProcessorCount=" + options.getOrDefault("app-cores", "2"));
        String javaOpts = options.getOrDefault("app-java-opts", "");
        if (!javaOpts.isBlank()) cmd.addAll(List.of(javaOpts.trim().split("\\s+")));
        cmd.addAll(List.of("-jar", Path.of(options.getOrDefault("jar", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("RELABEL_DATA_DIR", dataDir.toString());
        pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        pb.environment().put("RELABEL_ADMIN_PASSWORD", PASSWORD);
        pb.environment().put("QUARKUS_LOG_LEVEL", "WARN");
        pb.environment().put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl());
        if (postgres) {
            pb.environment().put("QUARKUS_PROFILE", "pg");
            pb.environment().put("QUARKUS_DATASOURCE_USERNAME", "postgres");
            pb.environment().put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        }
        pb.redirectErrorStream(true).redirectOutput(dataDir.resolve("app.log").toFile());
        return pb.start();
    }

    void waitHealthy() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < until) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(url("/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the application did not become ready; see " + dataDir.resolve("app.log"));
    }

    static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
    }

    URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    // ------------------------------------------------------------------ seeding

    record Seeded(long campaign, long judgments, long answers) {
    }

    Seeded seed() throws Exception {
        Random random = new Random(42);
        OffsetDateTime now = OffsetDateTime.now();
        try (Connection c = postgres ? DriverManager.getConnection(jdbcUrl(), "postgres", "postgres")
                : DriverManager.getConnection(jdbcUrl(), "relabel", "relabel")) {
            c.setAutoCommit(false);
            String hash = storeImage();
            long dataset = insertOne(c, "INSERT INTO dataset (dataset_key, name, created_at, updated_at) VALUES ('bench', "
                    + "'Benchmark', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            long[] classIds = new long[CLASSES];
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO dataset_class (dataset_id, class_key, name, description, "
                    + "output_index) VALUES (?, ?, ?, ?, ?)", new String[]{"id"})) {
                for (int i = 0; i < CLASSES; i++) {
                    ps.setLong(1, dataset);
                    ps.setString(2, String.format("n%08d", i));
                    ps.setString(3, "class " + i);
                    ps.setString(4, "description of class " + i);
                    ps.setInt(5, i);
                    ps.executeUpdate();
                    try (ResultSet k = ps.getGeneratedKeys()) {
                        k.next();
                        classIds[i] = k.getLong(1);
                    }
                }
            }
            long[] imageIds = new long[images];
            int[] original = new int[images];
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO image (dataset_id, image_key, original_class_id, "
                    + "content_hash, media_type, width, height, byte_size) VALUES (?, ?, ?, ?, 'image/png', 64, 64, 100)",
                    new String[]{"id"})) {
                for (int i = 0; i < images; i++) {
                    original[i] = random.nextInt(CLASSES);
                    ps.setLong(1, dataset);
                    ps.setString(2, String.format("val_%08d.JPEG", i));
                    ps.setLong(3, classIds[original[i]]);
                    ps.setString(4, hash);
                    ps.executeUpdate();
                    try (ResultSet k = ps.getGeneratedKeys()) {
                        k.next();
                        imageIds[i] = k.getLong(1);
                    }
                }
            }
            c.commit();
            long[] models = new long[2];
            for (int m = 0; m < 2; m++) {
                models[m] = insertOne(c, "INSERT INTO model (dataset_id, name, format, top_k, created_at) VALUES ("
                        + dataset + ", 'model-" + m + "', 'IMPORTED', 5, CURRENT_TIMESTAMP)");
            }
            // predictions: each model's top-5 holds the original label at a random rank (or not at all)
            List<List<List<Long>>> ranked = new ArrayList<>(images);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO prediction (model_id, image_id, label_rank, class_id, "
                    + "probability) VALUES (?, ?, ?, ?, ?)")) {
                int n = 0;
                for (int i = 0; i < images; i++) {
                    List<List<Long>> perModel = new ArrayList<>();
                    for (int m = 0; m < 2; m++) {
                        List<Long> top = new ArrayList<>();
                        int at = random.nextInt(TOP_K + 2);
                        while (top.size() < TOP_K) {
                            long cls = top.size() == at ? classIds[original[i]] : classIds[(original[i] + 1 + random.nextInt(20)) % CLASSES];
                            if (!top.contains(cls)) top.add(cls);
                        }
                        for (int r = 0; r < TOP_K; r++) {
                            ps.setLong(1, models[m]);
                            ps.setLong(2, imageIds[i]);
                            ps.setShort(3, (short) (r + 1));
                            ps.setLong(4, top.get(r));
                            ps.setDouble(5, 0.5 / (r + 1));
                            ps.addBatch();
                            if (++n % 5000 == 0) ps.executeBatch();
                        }
                        perModel.add(top);
                    }
                    ranked.add(perModel);
                }
                ps.executeBatch();
            }
            c.commit();
            // accounts: the benchmark annotators, and nothing for the 1,000 prior ones
            addAccounts(c);
            int prior = 1000;
            int perImage = (int) Math.max(1, judgments / images);
            int overlap = perImage + (int) ROOM_PER_IMAGE;
            long campaign = insertOne(c, "INSERT INTO campaign (dataset_id, name, state, model_ids, top_k, max_candidates, "
                    + "selection, overlap, gold_rate, lease_seconds, completion_code, completion_after, images, gold_images, "
                    + "created_by, created_at, opened_at) VALUES (" + dataset + ", 'Benchmark campaign', 'OPEN', '"
                    + models[0] + " " + models[1] + "', " + TOP_K + ", " + CAP + ", '{}', " + overlap + ", 0, 600, "
                    + "'RL-BENCHMARK', 20, " + images + ", 0, 'bench', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            c.commit();
            long judgmentCount = 0, answerCount = 0;
            try (PreparedStatement ci = c.prepareStatement("INSERT INTO campaign_image (campaign_id, image_id, candidates, "
                    + "judgments_done, leased, sort_key, gold) VALUES (?, ?, ?, ?, 0, ?, FALSE)");
                 PreparedStatement j = c.prepareStatement("INSERT INTO judgment (id, dataset_id, image_id, campaign_id, annotator, "
                         + "source, main_class_id, none_apply, unclear, millis, shown, answers, idempotency_key, excluded, created_at) "
                         + "VALUES (?, ?, ?, ?, ?, 'CAMPAIGN', ?, FALSE, FALSE, ?, ?, ?, ?, FALSE, ?)");
                 PreparedStatement asg = c.prepareStatement("INSERT INTO assignment (campaign_id, image_id, annotator, state, shown, "
                         + "leased_at, expires_at, finished_at, judgment_id) VALUES (?, ?, ?, 'SUBMITTED', ?, ?, ?, ?, ?)")) {
                long judgmentId = 0;
                OffsetDateTime earlier = now.minusDays(3);
                for (int i = 0; i < images; i++) {
                    List<Long> cands = CandidatePolicy.candidates(classIds[original[i]], ranked.get(i), List.of(), CAP);
                    String candText = join(cands);
                    ci.setLong(1, campaign);
                    ci.setLong(2, imageIds[i]);
                    ci.setString(3, candText);
                    ci.setInt(4, perImage);
                    ci.setInt(5, StableRandom.sortKey(campaign, imageIds[i]));
                    ci.addBatch();
                    Map<Long, String> keyOf = new LinkedHashMap<>();
                    for (Long id : cands) keyOf.put(id, String.format("n%08d", Arrays.binarySearch(classIds, id)));
                    for (int k = 0; k < perImage && judgmentCount < judgments; k++) {
                        judgmentId++;
                        judgmentCount++;
                        String who = String.format("prior-%04d", (i * 7 + k * 53) % prior);
                        List<Long> shown = new ArrayList<>(cands);
                        java.util.Collections.shuffle(shown, random);
                        StringBuilder shownKeys = new StringBuilder();
                        for (Long id : shown) shownKeys.append(shownKeys.isEmpty() ? "" : " ").append(keyOf.get(id));
                        long main = cands.get(random.nextInt(Math.min(2, cands.size())));
                        j.setLong(1, judgmentId);
                        j.setLong(2, dataset);
                        j.setLong(3, imageIds[i]);
                        j.setLong(4, campaign);
                        j.setString(5, who);
                        j.setLong(6, main);
                        j.setInt(7, 2000 + random.nextInt(6000));
                        j.setString(8, shownKeys.toString());
                        Map<Long, Short> answers = new HashMap<>();
                        for (Long id : shown) answers.put(id, (short) (id == main || random.nextInt(4) == 0 ? 2 : 0));
                        answerCount += answers.size();
                        j.setString(9, StoredAnswers.encode(answers));
                        j.setString(10, "seed-" + judgmentId);
                        j.setObject(11, earlier);
                        j.addBatch();
                        asg.setLong(1, campaign);
                        asg.setLong(2, imageIds[i]);
                        asg.setString(3, who);
                        asg.setString(4, join(shown));
                        asg.setObject(5, earlier);
                        asg.setObject(6, earlier.plusMinutes(10));
                        asg.setObject(7, earlier.plusMinutes(1));
                        asg.setLong(8, judgmentId);
                        asg.addBatch();
                    }
                    if (i % 500 == 499) {
                        ci.executeBatch();
                        j.executeBatch();
                        asg.executeBatch();
                        c.commit();
                        if (i % 10000 == 9999) System.out.printf(Locale.ROOT, "  seeded %,d of %,d images%n", i + 1, images);
                    }
                }
                ci.executeBatch();
                j.executeBatch();
                asg.executeBatch();
                try (Statement s = c.createStatement()) {
                    s.execute("ALTER TABLE judgment ALTER COLUMN id RESTART WITH " + (judgmentId + 1));
                    // the annotators' progress counters, as the writers keep them (migration V12's statement)
                    s.execute("INSERT INTO annotator_progress (campaign_id, annotator, quarter_hour, judgments) SELECT campaign_id, "
                            + "annotator, CAST(FLOOR(EXTRACT(EPOCH FROM created_at) / 900) AS BIGINT), COUNT(*) FROM judgment "
                            + "WHERE campaign_id = " + campaign + " GROUP BY campaign_id, annotator, "
                            + "CAST(FLOOR(EXTRACT(EPOCH FROM created_at) / 900) AS BIGINT)");
                }
                c.commit();
            }
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE");
            }
            c.commit();
            return new Seeded(campaign, judgmentCount, answerCount);
        }
    }

    /** Accounts for the benchmark annotators that have none yet (one bcrypt hash shared); a reused directory may lack some. */
    void addAccounts(Connection c) throws SQLException {
        String hashed = BcryptUtil.bcryptHash(PASSWORD);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO account (username, password_hash, roles, display_name, "
                + "created_at, enabled) SELECT ?, ?, 'annotator', ?, CURRENT_TIMESTAMP, TRUE WHERE NOT EXISTS "
                + "(SELECT 1 FROM account WHERE username = ?)")) {
            for (int a = 0; a < annotators; a++) {
                ps.setString(1, annotatorName(a));
                ps.setString(2, hashed);
                ps.setString(3, annotatorName(a));
                ps.setString(4, annotatorName(a));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** One small PNG stored as the data directory's content-addressed file, shared by every seeded image. */
    String storeImage() throws Exception {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(64, 64, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 64; x++) for (int y = 0; y < 64; y++) img.setRGB(x, y, (x * 4) << 16 | (y * 4) << 8 | 128);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        byte[] bytes = out.toByteArray();
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        Path file = dataDir.resolve("images").resolve(hash.substring(0, 2)).resolve(hash);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return hash;
    }

    static long insertOne(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql, new String[]{"id"})) {
            ps.executeUpdate();
            try (ResultSet k = ps.getGeneratedKeys()) {
                k.next();
                return k.getLong(1);
            }
        }
    }

    static String join(List<Long> ids) {
        StringBuilder sb = new StringBuilder();
        for (Long id : ids) sb.append(sb.isEmpty() ? "" : " ").append(id);
        return sb.toString();
    }

    static String annotatorName(int a) {
        return String.format("bench-%03d", a);
    }

    /**
     * Records, once a second while {@code measuring}, what PostgreSQL's autovacuum workers are doing ("autovacuum: VACUUM
     * public.assignment"), by second since {@code start}: a vacuum of a million-row table takes a core for seconds.
     */
    void sampleAutovacuum(AtomicBoolean measuring, long start, Map<String, java.util.SortedSet<Long>> seen) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT query FROM pg_stat_activity WHERE backend_type = 'autovacuum worker' AND query <> ''")) {
            while (measuring.get()) {
                long second = (System.nanoTime() - start) / 1_000_000_000L;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        seen.computeIfAbsent(rs.getString(1), k -> new java.util.concurrent.ConcurrentSkipListSet<>()).add(second);
                    }
                }
                Thread.sleep(1000);
            }
        } catch (SQLException | InterruptedException e) {
            seen.put("(sampling failed: " + e + ")", new java.util.TreeSet<>());
        }
    }

    /** "0-3, 31": the runs of consecutive numbers. */
    static String ranges(java.util.SortedSet<Long> values) {
        StringBuilder out = new StringBuilder();
        Long first = null, last = null;
        for (long v : values) {
            if (last != null && v == last + 1) {
                last = v;
                continue;
            }
            if (first != null) out.append(out.isEmpty() ? "" : ", ").append(first.equals(last) ? first : first + "-" + last);
            first = v;
            last = v;
        }
        if (first != null) out.append(out.isEmpty() ? "" : ", ").append(first.equals(last) ? first : first + "-" + last);
        return out.toString();
    }

    /** The admin's signed-in client for the metrics (one form login, not a bcrypt check per read). */
    private HttpClient admin;

    /**
     * The application's counters of the group commit, from its Prometheus endpoint (empty when it has none yet). Read
     * in the admin's session: with Basic credentials each read would cost a bcrypt check, a tenth of a second of CPU
     * just before the measured seconds begin.
     */
    Map<String, Double> metrics() throws Exception {
        if (admin == null) {
            HttpClient http = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
            String form = "j_username=admin&j_password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8);
            http.send(HttpRequest.newBuilder(url("/j_security_check")).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
            admin = http;
        }
        HttpResponse<String> r = admin.send(HttpRequest.newBuilder(url("/q/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException("GET /q/metrics answered " + r.statusCode());
        Map<String, Double> out = new java.util.HashMap<>();
        for (String line : r.body().split("\n")) {
            if (line.startsWith("relabel_judgments_")) {
                String[] parts = line.split(" ");
                out.put(parts[0].replaceAll("\\{.*}", ""), Double.parseDouble(parts[parts.length - 1]));
            }
        }
        return out;
    }

    /** HTTP Basic credentials of the benchmark's admin. */
    static String adminAuth() {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    static double delta(Map<String, Double> before, Map<String, Double> after, String name) {
        return after.getOrDefault(name, 0.0) - before.getOrDefault(name, 0.0);
    }

    // ------------------------------------------------------------------ opening a campaign through the API

    void openSecondCampaign() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String auth = adminAuth();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(url("/api/datasets/bench/campaigns"))
                .header("Authorization", auth).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"second\",\"models\":[\"model-0\",\"model-1\"],"
                        + "\"topK\":5,\"maxCandidates\":10}")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"id\":(\\d+)").matcher(created.body());
        if (!m.find()) throw new IllegalStateException("campaign not created: " + created.body());
        long t0 = System.nanoTime();
        HttpResponse<String> opened = http.send(HttpRequest.newBuilder(url("/api/datasets/bench/campaigns/" + m.group(1) + "/open"))
                .header("Authorization", auth).POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofMinutes(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        System.out.printf(Locale.ROOT, "opening a %,d-image campaign (2 models, top-5, cap 10): %.1f s -> %s%n",
                images, (System.nanoTime() - t0) / 1e9, opened.body());
    }

    // ------------------------------------------------------------------ load

    void load(long campaign) throws Exception {
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "120"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "60"));
        double think = Double.parseDouble(options.getOrDefault("think-ms", "1000"));
        long progressEvery = TimeUnit.SECONDS.toNanos(Long.parseLong(options.getOrDefault("progress-every-s", "15")));
        boolean combined = Boolean.parseBoolean(options.getOrDefault("combined", "true"));
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try {
            Crowd crowd = new Crowd(vertx, port, annotators, campaign, think, progressEvery, combined);
            crowd.start();
            crowd.loggedIn.await();
            System.out.printf(Locale.ROOT, "%d annotators signed in; warm-up %d s, then %d s measured (mean think time %.0f ms per image)%n",
                    annotators, warmup, seconds, think);
            if (postgres) {
                try (Connection c = connect(); Statement st = c.createStatement()) {
                    st.execute("CHECKPOINT"); // the full-page images that follow it are written during the warm-up
                }
            }
            metrics(); // signs the admin in now, not as the measured seconds begin
            // The readings (the processes' CPU from /proc, the application's metrics, the statements' reset) take a
            // tenth of a second and showed in the latency of the next second or two: they are taken before the warm-up
            // ends and after the measured seconds, and the CPU, statements and batches per judgment count the
            // judgments stored between them.
            Thread.sleep(Math.max(0, warmup - SETTLE_SECONDS) * 1000L);
            long readsBegan = System.nanoTime();
            String loadBefore = loadAverage();
            double[] cpuBefore = cpuSeconds();
            double[] jitGcBefore = appJitAndGc();
            if (statementStats) {
                try (Connection c = connect(); Statement st = c.createStatement()) {
                    st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
                    st.execute("SELECT pg_stat_statements_reset()");
                }
            }
            Map<String, Double> metricsBefore = metrics();
            long storedBefore = crowd.stored.get();
            System.out.printf(Locale.ROOT, "the readings before the measured seconds took %.0f ms%n", (System.nanoTime() - readsBegan) / 1e6);
            Thread.sleep(SETTLE_SECONDS * 1000L);
            crowd.measuring.set(true);
            long start = System.nanoTime();
            Map<String, java.util.SortedSet<Long>> autovacuum = new java.util.concurrent.ConcurrentHashMap<>();
            Thread sampler = new Thread(() -> sampleAutovacuum(crowd.measuring, start, autovacuum), "autovacuum-sampler");
            if (postgres) sampler.start();
            Thread.sleep(seconds * 1000L);
            crowd.measuring.set(false);
            sampler.join(5_000);
            double elapsed = (System.nanoTime() - start) / 1e9;
            double[] cpuAfter = cpuSeconds();
            double[] jitGcAfter = appJitAndGc();
            Map<String, Double> metricsAfter = metrics();
            String loadAfter = loadAverage();
            long read = crowd.stored.get() - storedBefore; // the judgments stored between the readings
            double readSeconds = (System.nanoTime() - readsBegan) / 1e9;
            crowd.running.set(false);
            crowd.stopped.await(30, TimeUnit.SECONDS);
            long judged = crowd.judged.get();
            System.out.printf(Locale.ROOT, "judgments stored: %,.0f per second (%,d in %.0f s); %d annotators, think time %.0f ms%n",
                    judged / elapsed, judged, elapsed, annotators, think);
            System.out.println(crowd.next.report("next image (POST /assignments)", elapsed));
            if (combined) {
                System.out.println(crowd.submitAndNext.report("submit + next image (POST /judgments?next=true)", elapsed));
            } else {
                System.out.println(crowd.submit.report("submit judgment (POST /judgments)", elapsed));
            }
            System.out.println(crowd.progress.report("progress (GET /progress)", elapsed));
            if (Boolean.parseBoolean(options.getOrDefault("timeline", "false"))) {
                System.out.println((combined ? crowd.submitAndNext : crowd.submit).timeline(combined ? "submit + next image" : "submit", start, 20));
            }
            if (postgres) {
                StringBuilder out = new StringBuilder("autovacuum while measured (its workers' commands, sampled once a second):");
                if (autovacuum.isEmpty()) out.append(" none");
                new java.util.TreeMap<>(autovacuum).forEach((what, when) -> out.append("\n  ").append(what).append(": second")
                        .append(when.size() > 1 ? "s " : " ").append(ranges(when)));
                System.out.println(out);
            }
            System.out.printf(Locale.ROOT, "errors while measured: %d (in total %d), empty queue answers: %d%n",
                    crowd.errors.measured.get(), crowd.errors.total.get(), crowd.empty.get());
            System.out.printf(Locale.ROOT, "load average (1, 5, 15 min) when measuring began: %s, when it ended: %s%n",
                    loadBefore, loadAfter);
            if (read > 0) {
                double n = read;
                double app = (cpuAfter[0] - cpuBefore[0]) * 1000 / n, db = (cpuAfter[1] - cpuBefore[1]) * 1000 / n,
                        client = (cpuAfter[2] - cpuBefore[2]) * 1000 / n;
                System.out.printf(Locale.ROOT, "CPU per judgment (lease, submit and the page's progress reads): application %.2f ms, database server %.2f ms%s, "
                        + "load generator %.2f ms; CPU used between the readings (%.0f s, %,d judgments): application %.1f s, "
                        + "database %.1f s, load generator %.1f s of %d cores%n", app, db, postgres ? "" : " (H2 runs inside the application)",
                        client, readSeconds, read, cpuAfter[0] - cpuBefore[0], cpuAfter[1] - cpuBefore[1], cpuAfter[2] - cpuBefore[2],
                        Runtime.getRuntime().availableProcessors());
                System.out.printf(Locale.ROOT, "of the application's CPU per judgment: JIT compiler threads %.2f ms, garbage collector and VM threads %.2f ms%n",
                        (jitGcAfter[0] - jitGcBefore[0]) * 1000 / n, (jitGcAfter[1] - jitGcBefore[1]) * 1000 / n);
                System.out.printf(Locale.ROOT, "=> on 2 cores given to the application and the database alone: about %,.0f judgments/s "
                        + "(2000 ms / %.2f ms; an estimate from CPU time, not a measurement)%n", 2000 / (app + db), app + db);
            }
            double batches = delta(metricsBefore, metricsAfter, "relabel_judgments_batch_size_count"),
                    batched = delta(metricsBefore, metricsAfter, "relabel_judgments_batch_size_sum");
            System.out.printf(Locale.ROOT, "group commit: %,.0f transactions for %,.0f submissions (%.1f each), %,.0f stored on their own%n",
                    batches, batched, batched / Math.max(1, batches), delta(metricsBefore, metricsAfter, "relabel_judgments_stored_alone_total"));
            crowd.errors.samples.stream().limit(5).forEach(e -> System.out.println("  " + e));
            if (statementStats && read > 0) {
                try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                        "SELECT calls, total_exec_time, regexp_replace(query, '\\s+', ' ', 'g'), wal_bytes, wal_fpi, total_plan_time "
                                + "FROM pg_stat_statements ORDER BY total_exec_time + total_plan_time DESC")) {
                    long calls = 0;
                    double ms = 0, planMs = 0, walBytes = 0, walFpi = 0;
                    List<String> lines = new ArrayList<>();
                    while (rs.next()) {
                        calls += rs.getLong(1);
                        ms += rs.getDouble(2);
                        walBytes += rs.getDouble(4);
                        walFpi += rs.getDouble(5);
                        planMs += rs.getDouble(6);
                        if (lines.size() < 40) {
                            String q = rs.getString(3);
                            lines.add(String.format(Locale.ROOT, "  %6.2f/judgment %7.3f ms each %6.3f ms/judgment (+%6.3f planning) %7.0f WAL bytes/judgment  %s",
                                    rs.getLong(1) / (double) read, rs.getDouble(2) / Math.max(1, rs.getLong(1)),
                                    rs.getDouble(2) / read, rs.getDouble(6) / read, rs.getDouble(4) / read,
                                    q.length() > 150 ? q.substring(0, 150) : q));
                        }
                    }
                    System.out.printf(Locale.ROOT, "WAL: %,.0f bytes and %.2f full-page images per judgment%n", walBytes / read,
                            walFpi / read);
                    System.out.printf(Locale.ROOT, "statements: %.1f per judgment, %.2f ms of execution and %.2f ms of planning per judgment%n",
                            calls / (double) read, ms / read, planMs / read);
                    lines.forEach(System.out::println);
                }
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * The simulated annotators of one load run, asynchronous on the one event loop of {@code vertx}: each is a small
     * state machine driven by the callbacks of its requests and by timers for its think times (no thread per
     * annotator, nothing blocks). A cycle: think 30% of the think time, lease ({@code POST /assignments}), think 70%,
     * submit ({@code POST /judgments}), and after a submission read the progress figures when due. With
     * {@code --combined true} the submission also asks for the next image ({@code POST /judgments?next=true}) and is
     * sent after the next cycle's 30% think; when its answer holds an assignment ({@code "next"}) the annotator goes
     * on to the 70% think with it, else (the server leased nothing: {@code "next": null}, or an older server that
     * ignores the parameter) it thinks 30% again and leases separately. Either way the random draws come in the same
     * order. A request that gets no answer (no connection, a reset), or an exception in a step, counts as an error
     * and the annotator starts its cycle over 200 ms later. The flags, counters and recorders are shared with the
     * thread that runs {@link AnnotationBenchmark#load}; the rest is touched on the event loop only.
     */
    static final class Crowd {
        final Vertx vertx;
        final io.vertx.core.http.HttpClient http;
        final String assignmentsUri, judgmentsUri, progressUri;
        final double think;
        final long progressEvery;
        final boolean combined;
        final Recorder next = new Recorder(), submit = new Recorder(), submitAndNext = new Recorder(), progress = new Recorder();
        final AtomicBoolean measuring = new AtomicBoolean(false), running = new AtomicBoolean(true);
        final AtomicLong empty = new AtomicLong(), judged = new AtomicLong(), stored = new AtomicLong();
        final Errors errors = new Errors();
        /** Counted down as each login answers; {@link #stopped}: as each annotator ends its loop (or could not sign in). */
        final CountDownLatch loggedIn, stopped;
        private final List<Annotator> all = new ArrayList<>();
        /** Logins that have not answered yet. */
        private int signingIn;

        Crowd(Vertx vertx, int port, int annotators, long campaign, double think, long progressEvery, boolean combined) {
            this.vertx = vertx;
            // one client for everybody (a kept-alive connection per annotator in its pool); each annotator sends its own session cookie
            this.http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("localhost").setDefaultPort(port)
                    .setKeepAlive(true).setPipelining(false).setConnectTimeout(10_000), new PoolOptions().setHttp1MaxSize(annotators));
            this.assignmentsUri = "/api/campaigns/" + campaign + "/assignments";
            this.judgmentsUri = "/api/campaigns/" + campaign + "/judgments";
            this.progressUri = "/api/campaigns/" + campaign + "/progress";
            this.think = think;
            this.progressEvery = progressEvery;
            this.combined = combined;
            this.loggedIn = new CountDownLatch(annotators);
            this.stopped = new CountDownLatch(annotators);
            this.signingIn = annotators;
            for (int a = 0; a < annotators; a++) all.add(new Annotator(a));
        }

        /** Signs every annotator in at once; when the last login has answered, those that got in begin their loops. */
        void start() {
            vertx.getOrCreateContext().runOnContext(v -> all.forEach(Annotator::login));
        }

        private void loginAnswered() {
            loggedIn.countDown();
            if (--signingIn > 0) return;
            for (Annotator a : all) if (a.signedIn) a.guarded(a::cycle);
        }

        /** An answer: status, body, and the nanoseconds from just before the request was written to the body's end. */
        record Reply(int status, Buffer body, long nanos) {
            JsonObject json() {
                return body.toJsonObject();
            }
        }

        /** A leased image as this client needs it: the assignment's id and its candidates' keys. */
        record Assignment(long id, List<String> keys) {
            static Assignment of(JsonObject view) {
                Long id = view.getLong("id");
                JsonArray candidates = view.getJsonArray("candidates");
                if (id == null || candidates == null || candidates.isEmpty()) {
                    throw new IllegalStateException("no assignment in " + view.encode());
                }
                List<String> keys = new ArrayList<>(candidates.size());
                for (int i = 0; i < candidates.size(); i++) keys.add(candidates.getJsonObject(i).getString("key"));
                return new Assignment(id, keys);
            }
        }

        /** One simulated annotator; its methods run on the event loop, one step after the other. */
        final class Annotator {
            final int index;
            final Random random;
            /** The session cookie ({@code quarkus-credential=...}); null until signed in. */
            String cookie;
            boolean signedIn;
            /** When it last read its progress figures (the first read comes at a random point of the first 15 s). */
            long progressAt;
            /** With {@code --combined true}: the judgment to send with the next cycle's request for the next image. */
            String pending;

            Annotator(int index) {
                this.index = index;
                this.random = new Random(index);
                this.progressAt = System.nanoTime() - random.nextInt(15_000) * 1_000_000L;
            }

            /** Form login: expects 302 and the session cookie. */
            void login() {
                String form = "j_username=" + URLEncoder.encode(annotatorName(index), StandardCharsets.UTF_8)
                        + "&j_password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8);
                exchange(HttpMethod.POST, "/j_security_check", "application/x-www-form-urlencoded", form).onComplete(ar -> {
                    String problem = ar.failed() ? ar.cause().toString()
                            : ar.result().status() != 302 ? "login answered " + ar.result().status()
                            : cookie == null ? "login set no session cookie" : null;
                    signedIn = problem == null;
                    if (!signedIn) {
                        errors.add(false, "login: " + problem);
                        stopped.countDown();
                    }
                    loginAnswered();
                });
            }

            /** The start of a judgment: ends the loop once the run is over; else thinks 30%, then leases or sends the pending judgment. */
            void cycle() {
                if (!running.get()) {
                    stopped.countDown();
                    return;
                }
                if (pending == null) {
                    after(draw(0.3), this::lease);
                } else {
                    String judgment = pending;
                    pending = null;
                    after(draw(0.3), () -> submit(judgment, true));
                }
            }

            void lease() {
                exchange(HttpMethod.POST, assignmentsUri, null, "").onComplete(ar -> guarded(() -> {
                    if (ar.failed()) {
                        failed("lease", ar.cause(), this::cycle);
                        return;
                    }
                    Reply lease = ar.result();
                    boolean measured = measuring.get();
                    next.add(lease.nanos(), measured);
                    if (lease.status() == 204) {
                        empty.incrementAndGet();
                        after(1000, this::cycle);
                    } else if (lease.status() != 201) {
                        errors.add(measured, "lease " + lease.status() + " " + lease.body());
                        after(200, this::cycle);
                    } else {
                        Assignment assignment = Assignment.of(lease.json());
                        after(draw(0.7), () -> judge(assignment));
                    }
                }));
            }

            /** Picks the answer (after the 70% think) and submits it, or with {@code --combined true} holds it for the next cycle. */
            void judge(Assignment assignment) {
                List<String> keys = assignment.keys();
                String main = keys.get(random.nextInt(keys.size()));
                String other = keys.get(random.nextInt(keys.size()));
                String selected = main.equals(other) ? "\"" + main + "\"" : "\"" + main + "\",\"" + other + "\"";
                String judgment = "{\"assignment\":" + assignment.id() + ",\"selected\":[" + selected + "],\"main\":\"" + main
                        + "\",\"millis\":" + (1000 + random.nextInt(5000)) + ",\"idempotencyKey\":\"" + UUID.randomUUID() + "\"}";
                if (combined) {
                    pending = judgment;
                    cycle();
                } else {
                    submit(judgment, false);
                }
            }

            /**
             * Submits a judgment; with {@code --combined true} ({@code withNext}) it asks for the next image in the same
             * request and goes on with it.
             */
            void submit(String judgment, boolean withNext) {
                exchange(HttpMethod.POST, judgmentsUri + (withNext ? "?next=true" : ""), "application/json", judgment)
                        .onComplete(ar -> guarded(() -> {
                    if (ar.failed()) {
                        failed("submit", ar.cause(), this::cycle);
                        return;
                    }
                    Reply sent = ar.result();
                    boolean measured = measuring.get();
                    (withNext ? submitAndNext : submit).add(sent.nanos(), measured);
                    if (sent.status() != 201) {
                        errors.add(measured, "submit " + sent.status() + " " + sent.body());
                        cycle();
                        return;
                    }
                    if (measured) judged.incrementAndGet();
                    stored.incrementAndGet();
                    // null or absent: the server leased nothing (or predates ?next=true); the next cycle leases separately
                    JsonObject view = withNext ? sent.json().getJsonObject("next") : null;
                    Assignment assignment = view == null ? null : Assignment.of(view);
                    afterSubmission(assignment == null ? this::cycle : () -> after(draw(0.7), () -> judge(assignment)));
                }));
            }

            /** The page reads its progress figures after a submission, at most every {@code --progress-every-s}; then {@code then}. */
            void afterSubmission(Runnable then) {
                if (progressEvery <= 0 || System.nanoTime() - progressAt <= progressEvery) {
                    then.run();
                    return;
                }
                progressAt = System.nanoTime();
                exchange(HttpMethod.GET, progressUri, null, null).onComplete(ar -> guarded(() -> {
                    if (ar.failed()) {
                        failed("progress", ar.cause(), then);
                        return;
                    }
                    Reply read = ar.result();
                    progress.add(read.nanos(), measuring.get());
                    if (read.status() != 200) errors.add(measuring.get(), "progress " + read.status() + " " + read.body());
                    then.run();
                }));
            }

            /**
             * Sends one request with this annotator's session cookie ({@code body} null: none, e.g. a GET) and completes
             * with the whole answer, its latency measured from just before the request is written to when the full body
             * has arrived.
             */
            Future<Reply> exchange(HttpMethod method, String uri, String contentType, String body) {
                return http.request(method, uri).compose(request -> {
                    if (uri.startsWith("/api/")) request.putHeader("Accept", "application/json");
                    if (contentType != null) request.putHeader("Content-Type", contentType);
                    if (cookie != null) request.putHeader("Cookie", cookie);
                    long t0 = System.nanoTime();
                    return (body == null ? request.send() : request.send(body)).compose(response -> response.body().map(b -> {
                        long took = System.nanoTime() - t0;
                        remember(response);
                        return new Reply(response.statusCode(), b, took);
                    }));
                });
            }

            /** Keeps the session cookie fresh (form login renews it now and then). */
            void remember(HttpClientResponse response) {
                for (String c : response.headers().getAll("Set-Cookie")) {
                    if (c.startsWith("quarkus-credential=")) {
                        int end = c.indexOf(';');
                        String value = end < 0 ? c : c.substring(0, end);
                        if (value.length() > "quarkus-credential=".length()) cookie = value;
                    }
                }
            }

            /** A think time: exponential with mean {@code fraction} of {@code --think-ms}, in whole milliseconds. */
            long draw(double fraction) {
                return (long) (-Math.log(1 - random.nextDouble()) * think * fraction);
            }

            /** Runs {@code step} after {@code ms} milliseconds, or at once (no timer) when that is 0, as in a closed loop. */
            void after(long ms, Runnable step) {
                if (ms <= 0) step.run();
                else vertx.setTimer(ms, id -> guarded(step));
            }

            /** A request that got no answer (no connection, a reset): an error; {@code then} 200 ms later. */
            void failed(String what, Throwable cause, Runnable then) {
                errors.add(measuring.get(), what + ": " + cause);
                after(200, then);
            }

            /**
             * Runs a step of this annotator from a callback. An exception (an unexpected answer, a bug) counts as an
             * error and the loop starts over 200 ms later, instead of ending silently inside the event loop.
             */
            void guarded(Runnable step) {
                try {
                    step.run();
                } catch (RuntimeException e) {
                    errors.add(measuring.get(), e.toString());
                    vertx.setTimer(200, id -> guarded(this::cycle));
                }
            }
        }
    }

    /** Latencies in nanoseconds of the measured requests, and of all with the time each ended (for the timeline). */
    static final class Recorder {
        private final ConcurrentLinkedQueue<Long> values = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<long[]> ended = new ConcurrentLinkedQueue<>();

        void add(long nanos, boolean measured) {
            if (measured) values.add(nanos);
            ended.add(new long[]{System.nanoTime(), nanos});
        }

        /**
         * p99 and max per second ({@code --timeline true}), to tell a steady tail from spikes: "p99/max" in ms for each
         * second, in order, from {@code before} seconds before {@code start} (the measured seconds' beginning, which a
         * "|" marks) to the last request.
         */
        String timeline(String what, long start, int before) {
            Map<Long, List<Long>> bySecond = new java.util.TreeMap<>();
            for (long[] e : ended) {
                long second = Math.floorDiv(e[0] - start, 1_000_000_000L);
                if (second >= -before) bySecond.computeIfAbsent(second, k -> new ArrayList<>()).add(e[1]);
            }
            if (bySecond.isEmpty()) return what + ": no requests";
            StringBuilder out = new StringBuilder(what + " per second, p99/max ms (from " + before
                    + " s before the measured seconds, which begin at the |):");
            bySecond.forEach((second, v) -> {
                long[] sorted = v.stream().mapToLong(Long::longValue).sorted().toArray();
                out.append(Math.floorMod(second, 10) == 0 ? "\n  " : " ").append(second == 0 ? "| " : "")
                        .append(String.format(Locale.ROOT, "%.0f/%.0f", ms(sorted, 0.99), sorted[sorted.length - 1] / 1e6));
            });
            return out.toString();
        }

        String report(String what, double seconds) {
            long[] v = values.stream().mapToLong(Long::longValue).sorted().toArray();
            if (v.length == 0) return what + ": no requests";
            return String.format(Locale.ROOT, "%-47s n=%,7d  %6.1f req/s  p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  max %7.2f ms",
                    what, v.length, v.length / seconds, ms(v, 0.50), ms(v, 0.90), ms(v, 0.99), v[v.length - 1] / 1e6);
        }

        private static double ms(long[] sorted, double q) {
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
        }
    }

    /** Failed requests: all of them, those while measuring, and the first few for the report. */
    static final class Errors {
        final AtomicLong total = new AtomicLong();
        final AtomicLong measured = new AtomicLong();
        final ConcurrentLinkedQueue<String> samples = new ConcurrentLinkedQueue<>();

        void add(boolean whileMeasuring, String sample) {
            total.incrementAndGet();
            if (whileMeasuring) measured.incrementAndGet();
            if (samples.size() < 20) samples.add(sample);
        }
    }

    static long size(Path dir) throws IOException {
        if (!Files.exists(dir)) return 0;
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
