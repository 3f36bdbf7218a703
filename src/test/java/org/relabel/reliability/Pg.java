package org.relabel.reliability;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * An embedded PostgreSQL (binaries from Maven) on a fixed data directory and port, so that it can be
 * stopped (a database outage) and started again on the same data. Commits are durable: the
 * embedded defaults turn {@code fsync} ({@code postgres -F}) and {@code synchronous_commit} off; we turn both on.
 */
public final class Pg implements AutoCloseable {
    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres postgres;
    private boolean initialised;

    public Pg(Path dataDir) {
        this.dataDir = dataDir;
        this.port = AppProcess.freePort();
    }

    public Pg start() {
        try {
            if (!initialised) ItFiles.delete(dataDir);
            postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false)
                    .setPort(port).setServerConfig("synchronous_commit", "on").setServerConfig("fsync", "on").setServerConfig("max_connections", "200")
                    .start();
            initialised = true;
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server; the data stays for {@link #start()}. */
    public void stop() {
        try {
            if (postgres != null) postgres.close();
            postgres = null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "postgres", "postgres");
    }

    @Override
    public void close() {
        stop();
    }
}
