package org.relabel.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application ({@code target/quarkus-app/quarkus-run.jar}, or the {@code pg} build in
 * {@code target/quarkus-app-pg}) as a child process: the real thing, started with {@code java -jar}
 * on a data directory and a database, stopped gracefully (SIGTERM) or killed (SIGKILL).
 */
public final class AppProcess implements AutoCloseable {
    /** Password of the first admin of every application the tests start. */
    public static final String ADMIN_PASSWORD = "it-admin-password-1";

    private final Path jar;
    private final Path dataDir;
    private final int port;
    private final Map<String, String> env;
    private final String name;
    private Process process;
    private int starts;

    private AppProcess(String name, Path jar, Path dataDir, int port, Map<String, String> env) {
        this.name = name;
        this.jar = jar;
        this.dataDir = dataDir;
        this.port = port;
        this.env = env;
    }

    /** An application on the embedded H2 database of its data directory. */
    public static AppProcess h2(String name, Path dataDir) {
        return new AppProcess(name, jar("relabel.it.jar", "target/quarkus-app/quarkus-run.jar"), dataDir, freePort(),
                new LinkedHashMap<>());
    }

    /** An application built with the {@code pg} profile on the given PostgreSQL database. */
    public static AppProcess postgres(String name, Path dataDir, String jdbcUrl, String user, String password) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_PROFILE", "pg");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        env.put("QUARKUS_DATASOURCE_USERNAME", user);
        env.put("QUARKUS_DATASOURCE_PASSWORD", password);
        return new AppProcess(name, jar("relabel.it.pg-jar", "target/quarkus-app-pg/quarkus-run.jar"), dataDir, freePort(), env);
    }

    /** Adds an environment variable for the next start. */
    public AppProcess env(String key, String value) {
        env.put(key, value);
        return this;
    }

    static Path jar(String property, String fallback) {
        Path p = Path.of(System.getProperty(property, fallback)).toAbsolutePath();
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " does not exist: integration tests run after packaging (./mvnw verify)");
        }
        return p;
    }

    /** Where the integration tests keep their data directories. */
    public static Path workDir() {
        return Path.of(System.getProperty("relabel.it.work", "target/it-work")).toAbsolutePath();
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI base() {
        return URI.create("http://localhost:" + port);
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path log() {
        return dataDir.resolve("app-" + name + ".log");
    }

    /** Starts the application (appending to its log) without waiting for it. */
    public AppProcess launch() {
        if (process != null && process.isAlive()) throw new IllegalStateException(name + " is running already");
        try {
            Files.createDirectories(dataDir);
            List<String> cmd = new ArrayList<>(List.of("java", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Xshare:auto", "-jar", jar.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            Map<String, String> e = pb.environment();
            e.put("RELABEL_DATA_DIR", dataDir.toString());
            e.put("QUARKUS_HTTP_PORT", String.valueOf(port));
            e.put("RELABEL_ADMIN_PASSWORD", ADMIN_PASSWORD);
            e.put("RELABEL_DEMO_ENABLED", "false");
            e.put("QUARKUS_LOG_CONSOLE_FORMAT", "%d{HH:mm:ss,SSS} %-5p [%c{2.}] (%t) %s%e%n");
            e.putAll(env);
            starts++;
            Files.writeString(log(), "\n==== start " + starts + " of " + name + " on port " + port + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
            process = pb.start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the application and waits until {@code /q/health/ready} answers 200. */
    public AppProcess start() {
        launch();
        awaitReady(Duration.ofSeconds(120));
        return this;
    }

    /** Waits until the readiness check answers 200 (the database is reachable, migrations ran). */
    public void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long until = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < until) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(base().resolve("/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return;
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + " (" + last + "); see " + log());
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    public void kill() {
        if (process == null) return;
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException(name + " survived SIGKILL");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM and wait for the graceful shutdown (SIGKILL after 60 s). */
    public void stop() {
        if (process == null || !process.isAlive()) return;
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        stop();
    }

    /** The last lines of the log, for failure messages. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log());
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
