package org.relabel.account;

import io.quarkus.elytron.security.common.BcryptUtil;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.spec.InvalidKeySpecException;
import org.wildfly.security.password.Password;
import org.wildfly.security.password.PasswordFactory;
import org.wildfly.security.password.WildFlyElytronPasswordProvider;
import org.wildfly.security.password.util.ModularCrypt;

/**
 * bcrypt password hashes in modular crypt format. Verification of an unknown user runs against a
 * dummy hash so that the response time does not tell which user names exist.
 */
public final class Passwords {
    /** Shortest accepted password. */
    public static final int MIN_LENGTH = 8;
    /** bcrypt looks at 72 bytes at most; longer passwords are refused rather than silently cut. */
    public static final int MAX_LENGTH = 72;

    private static final WildFlyElytronPasswordProvider PROVIDER = new WildFlyElytronPasswordProvider();
    private static final String DUMMY = BcryptUtil.bcryptHash("relabel-dummy-password");

    private Passwords() {
    }

    public static String hash(String password) {
        return BcryptUtil.bcryptHash(password);
    }

    /** Whether the password matches the stored hash; a null or unreadable hash never matches (but costs the same time). */
    public static boolean matches(String password, String storedHash) {
        if (password == null) return false;
        boolean known = storedHash != null && storedHash.startsWith("$");
        boolean ok = verify(password, known ? storedHash : DUMMY);
        return known && ok;
    }

    /** Checks the length rules; returns an error message, or null when the password is acceptable. */
    public static String problem(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return "password must have at least " + MIN_LENGTH + " characters";
        }
        if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_LENGTH) {
            return "password must be at most " + MAX_LENGTH + " bytes";
        }
        return null;
    }

    private static boolean verify(String password, String mcf) {
        try {
            Password decoded = ModularCrypt.decode(mcf);
            PasswordFactory factory = PasswordFactory.getInstance(decoded.getAlgorithm(), PROVIDER);
            return factory.verify(factory.translate(decoded), password.toCharArray());
        } catch (InvalidKeySpecException | NoSuchAlgorithmException | InvalidKeyException | RuntimeException e) {
            return false;
        }
    }
}
