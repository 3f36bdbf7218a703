package org.relabel.annotation;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.relabel.RelabelConfig;
import org.relabel.account.Account;
import org.relabel.account.AccountService;
import org.relabel.account.Roles;
import org.relabel.annotation.domain.InviteSigner;
import org.relabel.web.ProblemException;

/**
 * Crowd annotators: signed invite links, accounts created on first use, the crowd session, and
 * which campaigns a crowd worker may see (only those joined through a link).
 *
 * <p>Link: {@code /join/<campaign>?worker=<id>&sig=<signature>}. A personal link signs the worker
 * id; an open link signs only the campaign and takes the worker id a crowd platform appends (or
 * none: each first use then creates a new anonymous account). Invite accounts get only the
 * annotator role and an unusable random password: they sign in through links, never the form.
 */
@ApplicationScoped
public class CrowdService {
    private static final Logger LOG = Logger.getLogger(CrowdService.class);
    public static final String COOKIE = "relabel-crowd";
    private static final Pattern WORKER = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    AnnotationConfig config;
    @Inject
    RelabelConfig relabel;
    @Inject
    AccountService accounts;
    @Inject
    AgroalDataSource dataSource;

    private volatile InviteSigner signer;
    private final Map<Long, Boolean> crowdAccounts = new ConcurrentHashMap<>();

    /** An invite link. */
    public record Invite(long campaign, String worker, String kind, String url) {
    }

    /** Who joined: the account's user name. */
    public record Joined(String username, boolean created) {
    }

    void init(@Observes StartupEvent event) {
        signer();
    }

    /** The signer with the configured key, or the key kept in the data directory (generated once). */
    public InviteSigner signer() {
        InviteSigner s = signer;
        if (s == null) {
            synchronized (this) {
                if (signer == null) signer = new InviteSigner(loadKey());
                s = signer;
            }
        }
        return s;
    }

    /** A link for one worker id (personal) or, without one, for a crowd platform (open). */
    public Invite invite(String baseUrl, long campaignId, String worker) {
        String w = worker == null || worker.isBlank() ? null : worker.strip();
        if (w != null && !WORKER.matcher(w).matches()) {
            throw ProblemException.badRequest("worker must be 1-64 letters, digits, '.', '_', '@' or '-'");
        }
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        if (w == null) {
            return new Invite(campaignId, null, "open",
                    base + "/join/" + campaignId + "?sig=" + signer().openLink(campaignId));
        }
        return new Invite(campaignId, w, "personal", base + "/join/" + campaignId + "?worker="
                + URLEncoder.encode(w, StandardCharsets.UTF_8) + "&sig=" + signer().personalLink(campaignId, w));
    }

    /**
     * Checks a link and finds or creates the worker's account, adding the campaign to those it may see.
     *
     * @throws ProblemException 404 for a bad signature (a forged or changed link is a link that does not exist),
     *                          400 for a malformed worker id, 403 when the account exists and was not made by an
     *                          invite, 409 when the campaign does not take annotators
     */
    public Joined join(long campaignId, String worker, String sig) {
        String w = worker == null || worker.isBlank() ? null : worker.strip();
        if (w != null && !WORKER.matcher(w).matches()) {
            throw ProblemException.badRequest("worker must be 1-64 letters, digits, '.', '_', '@' or '-'");
        }
        if (signer().verifyLink(campaignId, w, sig) == InviteSigner.LinkKind.INVALID) {
            throw new ProblemException(404, "bad-invite", "Invalid invite link",
                    "this invite link is not valid (it may have been changed or revoked)");
        }
        Campaign.State state = QuarkusTransaction.requiringNew().call(() -> {
            Campaign c = Campaign.findById(campaignId);
            return c == null ? null : c.state;
        });
        if (state == null) throw ProblemException.notFound("Campaign " + campaignId);
        if (state != Campaign.State.OPEN) {
            throw new ProblemException(409, "campaign-not-open", "Campaign not open",
                    "this campaign is not taking annotators at the moment");
        }
        // "crowd-<worker>" for workers, "crowdanon-<random>" for anonymous first uses: the two never collide
        String username = w != null ? "crowd-" + w : "crowdanon-" + anonymousId();
        boolean created = false;
        Account account = QuarkusTransaction.requiringNew().call(() -> Account.byUsername(username).orElse(null));
        if (account == null) {
            try {
                account = accounts.create(username, randomPassword(), List.of(Roles.ANNOTATOR),
                        w != null ? "Worker " + w : "Crowd annotator");
                created = true;
            } catch (ProblemException e) {
                if (e.status() != 409) throw e;
                account = QuarkusTransaction.requiringNew().call(() -> Account.byUsername(username).orElseThrow());
            }
        }
        long accountId = account.id;
        boolean isNew = created;
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = dataSource.getConnection()) {
                Object[] existing = Sql.one(c, "SELECT account_id, worker_id FROM crowd_worker WHERE account_id = ?",
                        rs -> new Object[]{rs.getLong(1), rs.getString(2)}, accountId);
                if (existing == null) {
                    if (!isNew) {
                        throw new ProblemException(403, "bad-invite", "Invalid invite link",
                                "user '" + username + "' exists and was not created by an invite link");
                    }
                    Sql.update(c, "INSERT INTO crowd_worker (account_id, worker_id, created_at) VALUES (?, ?, ?)",
                            accountId, w == null ? Sql.NULL_STRING : w, OffsetDateTime.now());
                }
                if (Sql.count(c, "SELECT COUNT(*) FROM campaign_member WHERE campaign_id = ? AND account_id = ?",
                        campaignId, accountId) == 0) {
                    Sql.update(c, "INSERT INTO campaign_member (campaign_id, account_id, joined_at) VALUES (?, ?, ?)",
                            campaignId, accountId, OffsetDateTime.now());
                }
            } catch (SQLException e) {
                throw new Sql.DataException(e);
            }
        });
        crowdAccounts.put(accountId, true);
        return new Joined(username, created);
    }

    /** The value of the crowd session cookie for a user, valid for {@code relabel.annotation.crowd-session}. */
    public String sessionToken(String username) {
        return signer().session(username, Instant.now().plus(config.crowdSession()).getEpochSecond());
    }

    /** The user name a crowd session cookie carries, or null. */
    public String sessionUser(String token) {
        return signer().verifySession(token, Instant.now().getEpochSecond());
    }

    /** Whether an account was created by an invite link (such accounts see only the campaigns they joined). */
    public boolean isCrowd(long accountId) {
        return crowdAccounts.computeIfAbsent(accountId, id -> QuarkusTransaction.joiningExisting().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                return Sql.count(c, "SELECT COUNT(*) FROM crowd_worker WHERE account_id = ?", id) > 0;
            } catch (SQLException e) {
                throw new Sql.DataException(e);
            }
        }));
    }

    /**
     * Whether the account is known here, without a query, to be no crowd worker (then it may annotate in every
     * campaign); false when it is a crowd worker or has not been looked up yet.
     */
    public boolean knownNotCrowd(long accountId) {
        return Boolean.FALSE.equals(crowdAccounts.get(accountId));
    }

    /** Whether the account may annotate in the campaign: every annotator may, a crowd worker after joining. */
    public boolean mayAnnotate(long campaignId, long accountId) {
        if (!isCrowd(accountId)) return true;
        return QuarkusTransaction.joiningExisting().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                return Sql.count(c, "SELECT COUNT(*) FROM campaign_member WHERE campaign_id = ? AND account_id = ?",
                        campaignId, accountId) > 0;
            } catch (SQLException e) {
                throw new Sql.DataException(e);
            }
        });
    }

    private byte[] loadKey() {
        if (config.inviteKey().isPresent() && !config.inviteKey().get().isBlank()) {
            byte[] key = config.inviteKey().get().getBytes(StandardCharsets.UTF_8);
            if (key.length < 32) {
                throw new IllegalStateException("relabel.annotation.invite-key must have at least 32 characters");
            }
            return key;
        }
        Path file = relabel.dataDir().resolve("keys").resolve("invite.key");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] fresh = new byte[32];
                RANDOM.nextBytes(fresh);
                Path tmp = Files.createTempFile(file.getParent(), "invite", ".tmp");
                Files.writeString(tmp, Base64.getEncoder().encodeToString(fresh));
                // another instance may publish first (then its key wins): SharedFiles never replaces a published key
                if (org.relabel.ops.SharedFiles.publish(tmp, file)) {
                    LOG.infof("Generated the invite-link key in %s (set relabel.annotation.invite-key to choose it)", file);
                }
            }
            byte[] key = Base64.getDecoder().decode(Files.readString(file).trim());
            if (key.length < 32) throw new IllegalStateException(file + " holds a key shorter than 32 bytes");
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the invite-link key " + file, e);
        }
    }

    private static String anonymousId() {
        String alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 12; i++) sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
