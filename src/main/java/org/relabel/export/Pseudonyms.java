package org.relabel.export;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.relabel.RelabelConfig;
import org.relabel.account.SessionKeyConfigSourceFactory;

/**
 * Pseudonyms of annotators in release files: {@code annotator-} and the first 16 hex digits of
 * HMAC-SHA256(key, dataset id, annotator). The same annotator has the same pseudonym in every release of a
 * dataset (and different ones in different datasets); without the key nobody can tell who it is, even by trying
 * names. The key is {@code relabel.release.pseudonym-key}, else a random key created once in
 * {@code <data-dir>/secret/release-pseudonyms.key} (keep it, or pseudonyms change).
 */
@ApplicationScoped
public class Pseudonyms {
    private static final String HMAC = "HmacSHA256";
    private static final int CACHED = 4096;

    @Inject
    ReleaseConfig config;
    @Inject
    RelabelConfig relabel;

    private volatile byte[] key;

    /** The pseudonym function for one dataset (not thread-safe: one per freeze). */
    public UnaryOperator<String> of(long datasetId) {
        Mac mac;
        try {
            mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key(), HMAC));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
        }
        byte[] dataset = ByteBuffer.allocate(Long.BYTES).putLong(datasetId).array();
        Map<String, String> cache = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > CACHED;
            }
        };
        return annotator -> cache.computeIfAbsent(annotator, a -> {
            mac.update(dataset);
            byte[] h = mac.doFinal(a.getBytes(StandardCharsets.UTF_8));
            return "annotator-" + HexFormat.of().formatHex(h, 0, 8);
        });
    }

    private byte[] key() {
        byte[] k = key;
        if (k == null) {
            synchronized (this) {
                if (key == null) {
                    String text = config.pseudonymKey().filter(s -> !s.isBlank()).orElseGet(() -> {
                        try {
                            return SessionKeyConfigSourceFactory.readOrCreate(
                                    relabel.dataDir().resolve("secret").resolve("release-pseudonyms.key"));
                        } catch (UncheckedIOException e) {
                            throw new IllegalStateException("cannot read or create the pseudonym key in "
                                    + relabel.dataDir().resolve("secret") + " (set relabel.release.pseudonym-key)", e);
                        }
                    });
                    if (text.strip().length() < 16) {
                        throw new IllegalStateException("relabel.release.pseudonym-key is shorter than 16 characters");
                    }
                    key = text.strip().getBytes(StandardCharsets.UTF_8);
                }
                k = key;
            }
        }
        return k;
    }
}
