package org.relabel.scoring.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One image to score: its key (the dataset's image key) and where its encoded bytes come from. The bytes are
 * read lazily, on a decoding thread of {@link BatchScorer}, so a stream of sources holds no pixels.
 *
 * @param imageKey the dataset's key of the image, echoed in {@link ScoredImage} and {@link ImageError}
 * @param bytes    reads the encoded image (JPEG, PNG, ...); an {@link IOException} is reported as an
 *                 {@link ImageError} for this image only
 */
public record ImageSource(String imageKey, ByteSource bytes) {

    /** Supplies encoded image bytes; may do I/O. */
    @FunctionalInterface
    public interface ByteSource {
        byte[] read() throws IOException;
    }

    public ImageSource {
        Objects.requireNonNull(imageKey, "imageKey");
        Objects.requireNonNull(bytes, "bytes");
    }

    /** An image stored in a file. */
    public static ImageSource of(String imageKey, Path file) {
        Objects.requireNonNull(file, "file");
        return new ImageSource(imageKey, () -> Files.readAllBytes(file));
    }

    /** An image already in memory. */
    public static ImageSource of(String imageKey, byte[] encoded) {
        Objects.requireNonNull(encoded, "encoded");
        return new ImageSource(imageKey, () -> encoded);
    }
}
