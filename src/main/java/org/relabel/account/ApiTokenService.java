package org.relabel.account;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.relabel.web.ProblemException;

/**
 * API tokens: {@code rl_} and 43 characters of base64url (256 random bits). A token is shown once
 * when created; the database keeps its SHA-256 (a fast hash is right for a high-entropy secret) and its
 * first characters so that its owner can tell tokens apart.
 */
@ApplicationScoped
public class ApiTokenService {
    public static final String PREFIX = "rl_";
    static final int SHOWN_CHARS = PREFIX.length() + 6;
    /** {@code last_used_at} is written at most this often per token. */
    static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private final SecureRandom random = new SecureRandom();

    @Inject
    SecurityConfig config;

    /** A token as its owner sees it in lists (never the secret). */
    public record TokenView(long id, String name, String prefix, OffsetDateTime createdAt, OffsetDateTime lastUsedAt) {
        static TokenView of(ApiToken t) {
            return new TokenView(t.id, t.name, t.prefix + "…", t.createdAt, t.lastUsedAt);
        }
    }

    /** A new token: the secret is in {@code token}, shown this once. */
    public record CreatedToken(long id, String name, String prefix, OffsetDateTime createdAt, String token) {
    }

    public CreatedToken create(long accountId, String name) {
        String clean = name == null || name.isBlank() ? "token" : name.strip();
        if (clean.length() > 100) throw ProblemException.badRequest("token name is longer than 100 characters");
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ApiToken t = QuarkusTransaction.requiringNew().call(() -> {
            if (ApiToken.count("accountId", accountId) >= config.maxTokensPerUser()) {
                throw ProblemException.conflict("at most " + config.maxTokensPerUser()
                        + " tokens per user; revoke one first");
            }
            ApiToken row = new ApiToken();
            row.accountId = accountId;
            row.name = clean;
            row.prefix = token.substring(0, SHOWN_CHARS);
            row.hash = sha256(token);
            row.createdAt = OffsetDateTime.now();
            row.persist();
            return row;
        });
        return new CreatedToken(t.id, t.name, t.prefix + "…", t.createdAt, token);
    }

    public List<TokenView> list(long accountId) {
        return QuarkusTransaction.requiringNew().call(() -> ApiToken.<ApiToken>find("accountId = ?1 order by createdAt, id",
                accountId).stream().map(TokenView::of).toList());
    }

    /** Revokes (deletes) one of the account's tokens; another user's token is reported as not found. */
    public void revoke(long accountId, long tokenId) {
        long deleted = QuarkusTransaction.requiringNew().call(() ->
                ApiToken.delete("id = ?1 and accountId = ?2", tokenId, accountId));
        if (deleted == 0) throw ProblemException.notFound("Token " + tokenId);
    }

    /** The enabled account owning this token, noting the use; empty for unknown tokens. */
    public Optional<Account> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 200) return Optional.empty();
        String hash = sha256(token);
        return QuarkusTransaction.requiringNew().call(() -> {
            ApiToken t = ApiToken.<ApiToken>find("hash", hash).firstResult();
            if (t == null) return Optional.<Account>empty();
            Account a = Account.findById(t.accountId);
            if (a == null || !a.enabled) return Optional.<Account>empty();
            OffsetDateTime now = OffsetDateTime.now();
            if (t.lastUsedAt == null || t.lastUsedAt.isBefore(now.minus(LAST_USED_RESOLUTION))) {
                ApiToken.update("lastUsedAt = ?1 where id = ?2", now, t.id);
            }
            return Optional.of(a);
        });
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
