package org.relabel.account;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Supplies {@code quarkus.http.auth.session.encryption-key}, the key that encrypts form-login session
 * cookies, from {@code <data-dir>/secret/session.key}, creating that file with a random key on first
 * start. Sessions then survive restarts, and instances sharing the data directory accept each other's
 * cookies. A key set explicitly (env {@code QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY}, a system
 * property or application.properties) wins: this source has a low ordinal and is only consulted
 * when nothing else sets the key. Nothing is read or written until the application asks for the key
 * at run time (not during the build).
 */
public class SessionKeyConfigSourceFactory implements ConfigSourceFactory {
    public static final String KEY = "quarkus.http.auth.session.encryption-key";
    static final String DATA_DIR = "relabel.data-dir";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue dir = context.getValue(DATA_DIR);
        if (dir == null || dir.getValue() == null || dir.getValue().isBlank()) return List.of();
        return List.of(new FileKeySource(Path.of(dir.getValue()).resolve("secret").resolve("session.key")));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(100);
    }

    /** The source: one property, read (or created) lazily. */
    static final class FileKeySource implements ConfigSource {
        private final Path file;
        private volatile String key;

        FileKeySource(Path file) {
            this.file = file;
        }

        @Override
        public Set<String> getPropertyNames() {
            return Set.of(KEY);
        }

        @Override
        public String getValue(String propertyName) {
            if (!KEY.equals(propertyName)) return null;
            if (io.quarkus.runtime.ExecutionMode.current() != io.quarkus.runtime.ExecutionMode.RUNTIME_INIT
                    && io.quarkus.runtime.ExecutionMode.current() != io.quarkus.runtime.ExecutionMode.RUNNING) {
                return null; // build time or static init: never bake a key into the build
            }
            String k = key;
            if (k == null) {
                synchronized (this) {
                    if (key == null) key = readOrCreate(file);
                    k = key;
                }
            }
            return k;
        }

        @Override
        public String getName() {
            return "relabel session key file " + file;
        }

        @Override
        public int getOrdinal() {
            return 150; // below application.properties (250) and the environment (300)
        }
    }

    /** Reads the key file, creating it with 32 random bytes (base64url) when absent. */
    public static String readOrCreate(Path file) {
        try {
            if (Files.exists(file)) return read(file);
            Files.createDirectories(file.getParent());
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String key = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Path tmp = Files.createTempFile(file.getParent(), "session", ".tmp");
            try {
                restrict(tmp);
                Files.writeString(tmp, key + "\n", StandardCharsets.US_ASCII);
            } catch (IOException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            // another instance starting at the same moment may publish first: then its key is everybody's
            return org.relabel.ops.SharedFiles.publish(tmp, file) ? key : read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the session key " + file
                    + " (set QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY instead)", e);
        }
    }

    private static String read(Path file) throws IOException {
        String key = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (key.length() < 16) throw new IOException("the session key in " + file + " is shorter than 16 characters");
        return key;
    }

    private static void restrict(Path p) {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: rely on the data directory's permissions
        }
    }
}
