package org.relabel.dataset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.relabel.RelabelConfig;

/**
 * Content-addressed image storage under the data directory: {@code images/ab/<sha256>} and a
 * preview {@code previews/ab/<sha256>.jpg} generated once. File names are hashes, never user
 * input, so path traversal is impossible.
 */
@ApplicationScoped
public class ImageStore {
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    @Inject
    RelabelConfig config;

    /** A stored, decodable image. */
    public record StoredImage(String hash, String mediaType, int width, int height, long size) {
    }

    /** Thrown when bytes are not a decodable image. */
    public static class NotAnImageException extends Exception {
        public NotAnImageException(String message) {
            super(message);
        }
    }

    /**
     * Copies the stream to the store, checks it decodes as an image and writes its preview.
     * Reads the bytes once into a temporary file; memory use is one decoded image.
     */
    public StoredImage store(InputStream in) throws IOException, NotAnImageException {
        Path tmpDir = Files.createDirectories(config.dataDir().resolve("images").resolve("tmp"));
        Path tmp = Files.createTempFile(tmpDir, "up", ".bin");
        try {
            MessageDigest digest = sha256();
            long size;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), digest)) {
                size = in.transferTo(out);
            }
            String hash = HexFormat.of().formatHex(digest.digest());
            BufferedImage decoded;
            String format;
            try (ImageInputStream iis = ImageIO.createImageInputStream(tmp.toFile())) {
                Iterator<ImageReader> readers = iis == null ? null : ImageIO.getImageReaders(iis);
                if (readers == null || !readers.hasNext()) {
                    throw new NotAnImageException("not an image (unknown format)");
                }
                ImageReader reader = readers.next();
                format = reader.getFormatName().toLowerCase();
                try {
                    reader.setInput(iis, true, true);
                    decoded = reader.read(0);
                } catch (IOException | RuntimeException e) {
                    throw new NotAnImageException("corrupt " + format + " image: it cannot be decoded");
                } finally {
                    reader.dispose();
                }
            }
            Path target = original(hash);
            if (!Files.exists(target)) {
                Files.createDirectories(target.getParent());
                move(tmp, target);
            }
            writePreview(hash, decoded);
            return new StoredImage(hash, mediaType(format), decoded.getWidth(), decoded.getHeight(), size);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public StoredImage store(byte[] bytes) throws IOException, NotAnImageException {
        return store(new ByteArrayInputStream(bytes));
    }

    /** The stored original, if the hash is well-formed and present. */
    public Optional<Path> original(String hash, boolean mustExist) {
        if (hash == null || !HASH.matcher(hash).matches()) return Optional.empty();
        Path p = original(hash);
        return !mustExist || Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /** The stored preview (longest side {@code relabel.upload.preview-size}), if present. */
    public Optional<Path> preview(String hash) {
        if (hash == null || !HASH.matcher(hash).matches()) return Optional.empty();
        Path p = config.dataDir().resolve("previews").resolve(hash.substring(0, 2)).resolve(hash + ".jpg");
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    private Path original(String hash) {
        return config.dataDir().resolve("images").resolve(hash.substring(0, 2)).resolve(hash);
    }

    private void writePreview(String hash, BufferedImage image) throws IOException {
        Path p = config.dataDir().resolve("previews").resolve(hash.substring(0, 2)).resolve(hash + ".jpg");
        if (Files.exists(p)) return;
        int max = config.upload().previewSize();
        double scale = Math.min(1.0, (double) max / Math.max(image.getWidth(), image.getHeight()));
        int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(image, 0, 0, w, h, java.awt.Color.WHITE, null);
        g.dispose();
        Files.createDirectories(p.getParent());
        Path tmp = Files.createTempFile(p.getParent(), hash, ".tmp");
        try {
            ImageIO.write(out, "jpg", tmp.toFile());
            move(tmp, p);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String mediaType(String format) {
        return switch (format) {
            case "jpeg", "jpg" -> "image/jpeg";
            case "png" -> "image/png";
            case "gif" -> "image/gif";
            case "bmp" -> "image/bmp";
            case "wbmp" -> "image/vnd.wap.wbmp";
            case "tif", "tiff" -> "image/tiff";
            default -> "application/octet-stream";
        };
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
