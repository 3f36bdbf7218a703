package org.relabel.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.relabel.RelabelConfig;

/**
 * Readiness of the data directory: it exists, a file can be created in it, and it has at least
 * {@code relabel.ops.min-free-space} free. Beside it, Quarkus' own readiness check tests a connection
 * to the database ({@code quarkus.datasource.health.enabled}); {@code /q/health/ready} is UP only when
 * both are, and turns UP again by itself when the cause goes away.
 */
@Readiness
@ApplicationScoped
public class DataDirectoryCheck implements HealthCheck {
    static final String NAME = "Data directory";

    @Inject
    RelabelConfig relabel;
    @Inject
    OpsConfig config;

    @Override
    public HealthCheckResponse call() {
        Path dir = relabel.dataDir().toAbsolutePath();
        HealthCheckResponseBuilder b = HealthCheckResponse.named(NAME).withData("path", dir.toString());
        try {
            Files.createDirectories(dir);
            long free = Files.getFileStore(dir).getUsableSpace();
            long min = config.minFreeSpace().asLongValue();
            b.withData("freeBytes", free).withData("minFreeBytes", min);
            Path probe = Files.createTempFile(dir, ".health", ".tmp");
            Files.delete(probe);
            if (free < min) {
                return b.down().withData("reason", "less free space than relabel.ops.min-free-space").build();
            }
            return b.up().build();
        } catch (IOException | RuntimeException e) {
            return b.down().withData("reason", Failures.classify(e).map(Failures::describe)
                    .orElse("not writable: " + e.getClass().getSimpleName())).build();
        }
    }
}
