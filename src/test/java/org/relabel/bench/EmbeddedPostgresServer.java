package org.relabel.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts a real PostgreSQL from the Maven-shipped binaries the tests use (no installation, no Docker)
 * and keeps it running until the process is stopped, for benchmarks of the packaged app on PostgreSQL.
 * Usage (classpath from {@code dependency:build-classpath}, see docs/performance.md):
 * <pre>
 * java -cp target/test-classes:$(cat cp.txt) org.relabel.bench.EmbeddedPostgresServer [port=15432] [data-dir]
 * </pre>
 * It prints the JDBC URL to give the app as {@code QUARKUS_DATASOURCE_JDBC_URL} (user and password {@code postgres}).
 */
public final class EmbeddedPostgresServer {
    private EmbeddedPostgresServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 15432;
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPort(port);
        if (args.length > 1) {
            Path dir = Files.createDirectories(Path.of(args[1]));
            builder.setDataDirectory(dir).setCleanDataDirectory(true);
        }
        EmbeddedPostgres pg = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (Exception ignored) {
                // stopping anyway
            }
        }));
        System.out.println("PostgreSQL " + pg.getJdbcUrl("postgres", "postgres") + " (user postgres, password postgres)");
        Thread.currentThread().join();
    }
}
