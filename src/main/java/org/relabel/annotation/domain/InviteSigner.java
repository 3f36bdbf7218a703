package org.relabel.annotation.domain;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 signatures of invite links and crowd sessions (base64url, no padding).
 *
 * <ul>
 * <li>A <b>personal</b> link binds one worker id: {@code join:<campaign>:<worker>}.</li>
 * <li>An <b>open</b> link is for a crowd platform that appends each worker's id itself:
 *     {@code join:<campaign>:*}; the worker id it carries is taken as given.</li>
 * <li>A crowd <b>session</b> cookie binds a user name and an expiry: {@code session:<user>:<epoch seconds>}.</li>
 * </ul>
 * Verification compares in constant time.
 */
public final class InviteSigner {
    private final byte[] key;

    public InviteSigner(byte[] key) {
        if (key.length < 32) throw new IllegalArgumentException("the signing key needs at least 32 bytes");
        this.key = key.clone();
    }

    public String personalLink(long campaignId, String worker) {
        return sign("join:" + campaignId + ":" + worker);
    }

    public String openLink(long campaignId) {
        return sign("join:" + campaignId + ":*");
    }

    /** What a link's signature grants. */
    public enum LinkKind { PERSONAL, OPEN, INVALID }

    /** Checks a link: personal when it signs this worker id, open when it signs the campaign alone. */
    public LinkKind verifyLink(long campaignId, String worker, String signature) {
        if (signature == null) return LinkKind.INVALID;
        if (worker != null && equal(personalLink(campaignId, worker), signature)) return LinkKind.PERSONAL;
        if (equal(openLink(campaignId), signature)) return LinkKind.OPEN;
        return LinkKind.INVALID;
    }

    /** A session token {@code <user base64url>.<expiry>.<signature>}. */
    public String session(String username, long expiresEpochSecond) {
        String user = Base64.getUrlEncoder().withoutPadding().encodeToString(username.getBytes(StandardCharsets.UTF_8));
        return user + "." + expiresEpochSecond + "." + sign("session:" + username + ":" + expiresEpochSecond);
    }

    /** The user name of a valid, unexpired session token, else null. */
    public String verifySession(String token, long nowEpochSecond) {
        if (token == null) return null;
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) return null;
        try {
            String username = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
            long expires = Long.parseLong(parts[1]);
            if (!equal(sign("session:" + username + ":" + expires), parts[2])) return null;
            return expires > nowEpochSecond ? username : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    String sign(String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean equal(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
