package org.relabel.annotation;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.relabel.account.Account;
import org.relabel.web.ProblemException;

/** What an annotator sees of campaigns: those open to them, their progress, and completion codes. */
@ApplicationScoped
public class AnnotatorService {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    CrowdService crowd;
    @Inject
    AnnotationConfig config;

    private final Map<String, Long> accountIds = new ConcurrentHashMap<>();
    private final Map<Long, long[]> remaining = new ConcurrentHashMap<>(); // campaign -> {loaded nanos, judgments, images, stored then}
    /** Judgments this instance has stored per campaign since it started (committed ones), for {@link #remaining}. */
    private final Map<Long, AtomicLong> storedHere = new ConcurrentHashMap<>();
    private final Set<Long> reloading = ConcurrentHashMap.newKeySet(); // campaigns whose "remaining" one request reloads

    /** A campaign as an annotator sees it (no dataset internals, no models). */
    public record CampaignCard(long id, String name, String instructions, int leaseSeconds, Progress progress) {
    }

    /**
     * The annotator's progress in a campaign.
     *
     * @param doneToday       judgments submitted since {@code since} (start of the day)
     * @param done            judgments submitted in this campaign
     * @param remaining       judgments the campaign still wants (all annotators together)
     * @param remainingImages images still wanting judgments
     * @param completionCode  the campaign's completion code, once earned: after {@code completionAfter}
     *                        judgments, or after at least one when nothing is left
     */
    public record Progress(long doneToday, long done, long remaining, long remainingImages, String completionCode) {
    }

    /** The signed-in person as an annotator. */
    public Annotator current(SecurityIdentity identity) {
        return current(identity.getPrincipal().getName());
    }

    /** The person with this user name as an annotator. */
    public Annotator current(String name) {
        Long id = accountIds.computeIfAbsent(name, n -> QuarkusTransaction.joiningExisting().call(() ->
                Account.byUsername(n).map(a -> a.id).orElse(null)));
        if (id == null) throw new ProblemException(403, "no-account", "No account", "user '" + name + "' has no account");
        return Annotator.person(name, id);
    }

    /**
     * The person with this user name as an annotator with access to every campaign, when that is known without a
     * query (an account this instance has looked up before, which is no crowd worker); else null, and
     * {@link #current(String)} and {@link #requireAccess} answer on a thread that may block.
     */
    public Annotator heldWithAccess(String name) {
        Long id = accountIds.get(name);
        return id != null && crowd.knownNotCrowd(id) ? Annotator.person(name, id) : null;
    }

    /** Open campaigns this annotator may work on, newest first. */
    public List<CampaignCard> campaigns(Annotator who, OffsetDateTime since) {
        List<Campaign> open = QuarkusTransaction.joiningExisting().call(() ->
                Campaign.<Campaign>find("state = ?1 order by openedAt desc, id desc", Campaign.State.OPEN).list());
        return open.stream().filter(c -> who.accountId() == null || crowd.mayAnnotate(c.id, who.accountId()))
                .map(c -> card(c, who, since)).toList();
    }

    /** One campaign if this annotator may work on it (open, and joined for crowd workers), else 404. */
    public CampaignCard campaign(long id, Annotator who, OffsetDateTime since) {
        return card(require(id, who), who, since);
    }

    /** The campaign if the annotator may see it; a closed one stays visible (its page says so). */
    public Campaign require(long id, Annotator who) {
        Campaign c = QuarkusTransaction.joiningExisting().call(() -> Campaign.<Campaign>findById(id));
        check(id, c == null ? null : c.state, who);
        return c;
    }

    /**
     * The access check of the hot paths (lease, skip, submit, undo), which check the campaign's
     * existence and state themselves: only crowd workers need a query (membership).
     */
    public void requireAccess(long id, Annotator who) {
        if (who.accountId() != null && !crowd.mayAnnotate(id, who.accountId())) {
            throw ProblemException.notFound("Campaign " + id);
        }
    }

    /** Like {@link #require}: one indexed query, no entity. */
    public void requireVisible(long id, Annotator who) {
        Campaign.State state = QuarkusTransaction.joiningExisting().call(() -> {
            try (Connection conn = dataSource.getConnection()) {
                return Sql.one(conn, "SELECT state FROM campaign WHERE id = ?", rs -> Campaign.State.valueOf(rs.getString(1)), id);
            } catch (SQLException e) {
                throw new Sql.DataException(e);
            }
        });
        check(id, state, who);
    }

    private void check(long id, Campaign.State state, Annotator who) {
        if (state == null || state == Campaign.State.DRAFT || state == Campaign.State.OPENING
                || (who.accountId() != null && !crowd.mayAnnotate(id, who.accountId()))) {
            throw ProblemException.notFound("Campaign " + id);
        }
    }

    public Progress progress(long campaignId, Annotator who, OffsetDateTime since) {
        return progress(require(campaignId, who), who, since);
    }

    /** The start of today in the server's time zone (used when a client does not say when its day began). */
    public static OffsetDateTime startOfToday() {
        return LocalDate.now().atStartOfDay(ZoneId.systemDefault()).toOffsetDateTime();
    }

    private CampaignCard card(Campaign c, Annotator who, OffsetDateTime since) {
        return new CampaignCard(c.id, c.name, c.instructions, c.leaseSeconds, progress(c, who, since));
    }

    private Progress progress(Campaign c, Annotator who, OffsetDateTime since) {
        long[] counts = QuarkusTransaction.joiningExisting().call(() -> {
            try (Connection conn = dataSource.getConnection()) {
                return ProgressCounts.read(conn, c.id, who.name(), since);
            } catch (SQLException e) {
                throw new Sql.DataException(e);
            }
        });
        long[] left = remaining(c);
        boolean earned = counts[0] >= c.completionAfter || (counts[0] > 0 && (left[1] == 0 || left[0] == 0));
        return new Progress(counts[1], counts[0], left[0], left[1], earned ? c.completionCode : null);
    }

    /** Counts a judgment this instance stored in a campaign, once committed (the "left in campaign" figure goes down). */
    void stored(long campaignId) {
        storedHere.computeIfAbsent(campaignId, k -> new AtomicLong()).incrementAndGet();
    }

    private long storedHere(long campaignId) {
        AtomicLong n = storedHere.get(campaignId);
        return n == null ? 0 : n.get();
    }

    /**
     * {judgments still wanted, images still wanting}, read from the campaign's queue rows every {@code
     * relabel.annotation.progress-cache-seconds}; in between, the judgments still wanted go down by those this instance
     * has stored since (other instances' judgments show at the next read, and so does the count of images). When the
     * figure is due, one request reloads it (a sum over the campaign's queue rows, 25-40 ms for 50,000 images on
     * PostgreSQL under load: read every 5 s it showed as seconds of slow answers) while the others get the one before;
     * otherwise every progress read arriving during a slow reload (H2 under load) started a scan of its own.
     */
    private long[] remaining(Campaign c) {
        long[] cached = remaining.get(c.id);
        long now = System.nanoTime();
        if (cached != null && (now - cached[0] < config.progressCacheSeconds() * 1_000_000_000L || !reloading.add(c.id))) {
            return new long[]{Math.max(0, cached[1] - (storedHere(c.id) - cached[3])), cached[2]};
        }
        try {
            return reload(c, now);
        } finally {
            if (cached != null) reloading.remove(c.id);
        }
    }

    private long[] reload(Campaign c, long now) {
        long[] fresh = QuarkusTransaction.joiningExisting().call(() -> {
            try (Connection conn = dataSource.getConnection()) {
                return Sql.one(conn, "SELECT COALESCE(SUM(judgments_done), 0), COUNT(*), COALESCE(SUM(extra_wanted), 0) "
                                + "FROM campaign_image WHERE campaign_id = ? AND gold = FALSE AND judgments_done < ? + extra_wanted",
                        rs -> new long[]{rs.getLong(2) * c.overlap + rs.getLong(3) - rs.getLong(1), rs.getLong(2)}, c.id, c.overlap);
            } catch (SQLException e) {
                throw new Sql.DataException(e);
            }
        });
        // counted after the read: a judgment stored during it counts at most once (if the read missed it, the figure is
        // one higher until the next read)
        remaining.put(c.id, new long[]{now, fresh[0], fresh[1], storedHere(c.id)});
        return fresh;
    }
}
