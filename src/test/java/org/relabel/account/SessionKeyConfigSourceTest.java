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
}
