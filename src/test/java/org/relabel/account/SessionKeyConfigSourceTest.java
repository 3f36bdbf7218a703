package org.relabel.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionKeyConfigSourceTest {
    @TempDir
    Path dir;

    @Test
    void createsARandomKeyOnceAndReadsItAfterwards() throws Exception {
        Path file = dir.resolve("secret").resolve("session.key");
        String first = SessionKeyConfigSourceFactory.readOrCreate(file);
        assertTrue(Files.exists(file));
        assertEquals(32, Base64.getUrlDecoder().decode(first).length);
        assertEquals(first, SessionKeyConfigSourceFactory.readOrCreate(file), "a restart reads the same key");
        assertEquals(first, Files.readString(file).strip());
        String other = SessionKeyConfigSourceFactory.readOrCreate(dir.resolve("other.key"));
        assertTrue(!other.equals(first), "each data directory gets its own key");
    }

    @Test
    void refusesAKeyFileTooShortForQuarkus() throws Exception {
        Path file = dir.resolve("short.key");
        Files.writeString(file, "abc\n");
        assertThrows(UncheckedIOException.class, () -> SessionKeyConfigSourceFactory.readOrCreate(file));
    }

    @Test
    void instancesStartingTogetherOnAFreshDataDirectoryAgreeOnOneKey() throws Exception {
        for (int round = 0; round < 40; round++) {
            Path file = dir.resolve("race-" + round).resolve("session.key");
            int n = 8;
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(n);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
            java.util.List<java.util.concurrent.Future<String>> keys = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                keys.add(pool.submit(() -> {
                    start.await();
                    return SessionKeyConfigSourceFactory.readOrCreate(file);
                }));
            }
            java.util.Set<String> distinct = new java.util.HashSet<>();
            for (var k : keys) distinct.add(k.get());
            pool.shutdown();
            assertEquals(1, distinct.size(), "round " + round + ": instances started with different session keys");
            assertEquals(distinct.iterator().next(), Files.readString(file).strip());
        }
    }
}
