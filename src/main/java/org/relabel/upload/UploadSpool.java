package org.relabel.upload;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.relabel.RelabelConfig;

/**
 * Spools request bodies to files under {@code <data-dir>/uploads} so that imports stream from disk
 * (constant memory) and asynchronous jobs can read them later.
 */
@ApplicationScoped
public class UploadSpool {
    @Inject
    RelabelConfig config;

    /** Writes the stream to a new file and returns it; the caller deletes it when done. */
    public Path spool(InputStream body, String suffix) {
        try {
            Path dir = Files.createDirectories(config.dataDir().resolve("uploads").resolve("spool"));
            Path file = Files.createTempFile(dir, "upload-", suffix);
            Files.copy(body, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not store the upload (is the disk full?)", e);
        }
    }

    public void delete(Path file) {
        try {
            if (file != null) Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a left-over spool file is harmless
        }
    }
}
