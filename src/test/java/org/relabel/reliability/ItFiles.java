package org.relabel.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File helpers of the integration tests. */
final class ItFiles {
    private ItFiles() {
    }

    /** Deletes a directory tree (nothing when it does not exist). */
    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** A fresh, empty directory under the integration tests' work directory. */
    static Path fresh(String name) throws IOException {
        Path dir = AppProcess.workDir().resolve(name);
        delete(dir);
        Files.createDirectories(dir);
        return dir;
    }
}
