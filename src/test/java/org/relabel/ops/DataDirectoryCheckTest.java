package org.relabel.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relabel.RelabelConfig;

class DataDirectoryCheckTest {
    @TempDir
    Path dir;

    DataDirectoryCheck check(Path dataDir, long minFree) {
        DataDirectoryCheck c = new DataDirectoryCheck();
        c.relabel = new RelabelConfig() {
            public Path dataDir() { return dataDir; }
            public Optional<String> adminPassword() { return Optional.empty(); }
            public Upload upload() { throw new UnsupportedOperationException(); }
            public Jobs jobs() { throw new UnsupportedOperationException(); }
        };
        c.config = new OpsConfig() {
            public MemorySize minFreeSpace() { return new MemorySize(BigInteger.valueOf(minFree)); }
            public int retryAfterSeconds() { return 5; }
        };
        return c;
    }

    @Test
    void upWhenWritableWithEnoughFreeSpace() {
        HealthCheckResponse r = check(dir, 1024).call();
        assertEquals(HealthCheckResponse.Status.UP, r.getStatus());
        assertTrue((Long) r.getData().orElseThrow().get("freeBytes") > 1024);
    }

    @Test
    void downWhenFreeSpaceIsBelowTheMinimum() {
        HealthCheckResponse r = check(dir, Long.MAX_VALUE).call();
        assertEquals(HealthCheckResponse.Status.DOWN, r.getStatus());
        assertTrue(r.getData().orElseThrow().get("reason").toString().contains("min-free-space"));
    }

    @Test
    void downWhenTheDataDirectoryCannotBeCreated() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        HealthCheckResponse r = check(file.resolve("data"), 0).call();
        assertEquals(HealthCheckResponse.Status.DOWN, r.getStatus());
    }
}
