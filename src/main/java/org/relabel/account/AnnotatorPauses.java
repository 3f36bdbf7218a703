package org.relabel.account;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.relabel.web.ProblemException;

/**
 * Paused annotators (anti-spam). A pause applies everywhere or in one campaign; paused annotators
 * should get no new assignments ({@link #isPaused(String, Long)}), and, when
 * {@code relabel.antispam.exclude-judgments} is on, their judgments in the pause's scope are marked
 * {@code excluded} so that consensus leaves them out; reinstating includes exactly those again.
 * <p>
 * Automatic pauses come from {@link #evaluate} (gold accuracy and speed, {@link SpamRules}); once a
 * curator has reinstated an annotator in a scope, the rules no longer pause them there automatically
 * (the curator's decision stands; they can still pause by hand).
 */
@ApplicationScoped
public class AnnotatorPauses {
    @Inject
    AntiSpamConfig config;

    /** A pause as curators see it. */
    public record PauseView(long id, String annotator, Long campaign, String origin, String reason, String detail,
                            Integer goldN, Double goldAccuracy, Double medianSeconds, OffsetDateTime pausedAt,
                            String pausedBy, OffsetDateTime reinstatedAt, String reinstatedBy, String reinstateNote,
                            long excludedJudgments) {
        public boolean active() {
            return reinstatedAt == null;
        }
    }

    /** Whether the annotator is paused everywhere. */
    public boolean isPaused(String annotator) {
        return QuarkusTransaction.joiningExisting().call(() ->
                AnnotatorPause.count("annotator = ?1 and reinstatedAt is null and campaignId is null", annotator) > 0);
    }

    /** Whether the annotator is paused in this campaign (or everywhere). */
    public boolean isPaused(String annotator, Long campaignId) {
        if (campaignId == null) return isPaused(annotator);
        return QuarkusTransaction.joiningExisting().call(() -> AnnotatorPause.count(
                "annotator = ?1 and reinstatedAt is null and (campaignId is null or campaignId = ?2)",
                annotator, campaignId) > 0);
    }

    /**
     * SQL counting the active pauses of an annotator (parameter 1) in a campaign (parameter 2) or everywhere; the
     * lease embeds it as a subquery.
     */
    public static final String ACTIVE_PAUSES = "SELECT COUNT(*) FROM annotator_pause WHERE annotator = ? "
            + "AND reinstated_at IS NULL AND (campaign_id IS NULL OR campaign_id = ?)";

    /**
     * Whether the annotator is paused in this campaign (or everywhere), read on the caller's connection: the
     * annotation hot paths (every lease and every judgment) ask this inside their own transaction.
     */
    public static boolean isPaused(Connection c, String annotator, long campaignId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ACTIVE_PAUSES)) {
            ps.setString(1, annotator);
            ps.setLong(2, campaignId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    /**
     * Applies the annotator's active pauses in this campaign (or everywhere) to judgments stored after the
     * pause began, e.g. the answer to an image leased before it: they are excluded and remembered with the
     * pause, so that reinstating includes them again. Joins the caller's transaction.
     */
    public void applyPauses(String annotator, Long campaignId) {
        if (!config.excludeJudgments()) return;
        QuarkusTransaction.joiningExisting().run(() -> {
            for (AnnotatorPause p : AnnotatorPause.<AnnotatorPause>list(campaignId == null
                            ? "annotator = ?1 and reinstatedAt is null and campaignId is null"
                            : "annotator = ?1 and reinstatedAt is null and (campaignId is null or campaignId = ?2)",
                    campaignId == null ? new Object[]{annotator} : new Object[]{annotator, campaignId})) {
                exclude(p);
            }
        });
    }

    /** Annotators paused everywhere or in this campaign (null: paused everywhere only), for consensus filters. */
    public Set<String> pausedAnnotators(Long campaignId) {
        return QuarkusTransaction.joiningExisting().call(() -> new HashSet<>(AnnotatorPause.<AnnotatorPause>find(
                        campaignId == null ? "reinstatedAt is null and campaignId is null"
                                : "reinstatedAt is null and (campaignId is null or campaignId = ?1)",
                        campaignId == null ? new Object[0] : new Object[]{campaignId})
                .stream().map(p -> p.annotator).toList()));
    }

    public List<PauseView> list(boolean activeOnly) {
        return QuarkusTransaction.joiningExisting().call(() -> (activeOnly
                ? AnnotatorPause.<AnnotatorPause>find("reinstatedAt is null order by pausedAt desc, id desc")
                : AnnotatorPause.<AnnotatorPause>find("order by pausedAt desc, id desc")).page(0, 1000)
                .stream().map(this::view).toList());
    }

    public List<PauseView> of(String annotator) {
        return QuarkusTransaction.joiningExisting().call(() -> AnnotatorPause.<AnnotatorPause>find(
                "annotator = ?1 order by pausedAt desc, id desc", annotator).stream().map(this::view).toList());
    }

    /**
     * Applies the anti-spam rules to one annotator's figures in a scope and pauses them when a rule
     * fires (unless rules are off, they are already paused there, or a curator reinstated them there).
     * The annotation and consensus features call this after new judgments or an aggregation.
     */
    public Optional<PauseView> evaluate(String annotator, Long campaignId, SpamRules.Stats stats) {
        if (!config.enabled()) return Optional.empty();
        Optional<SpamRules.Verdict> verdict = SpamRules.evaluate(stats, config.params());
        if (verdict.isEmpty()) return Optional.empty();
        synchronized (lock(annotator)) {
            return QuarkusTransaction.requiringNew().call(() -> {
                if (isPaused(annotator, campaignId)) return Optional.<PauseView>empty();
                boolean reinstated = AnnotatorPause.count(campaignId == null
                                ? "annotator = ?1 and reinstatedAt is not null and campaignId is null"
                                : "annotator = ?1 and reinstatedAt is not null and (campaignId is null or campaignId = ?2)",
                        campaignId == null ? new Object[]{annotator} : new Object[]{annotator, campaignId}) > 0;
                if (reinstated) return Optional.<PauseView>empty();
                AnnotatorPause p = newPause(annotator, campaignId, AnnotatorPause.AUTO, verdict.get().reason(),
                        verdict.get().detail(), null);
                p.goldN = stats.goldAnswered();
                p.goldAccuracy = stats.goldAccuracy();
                p.medianSeconds = stats.medianSeconds();
                p.persist();
                exclude(p);
                return Optional.of(view(p));
            });
        }
    }

    /** A curator pauses an annotator by hand; 409 when already paused in that scope. */
    public PauseView pause(String annotator, Long campaignId, String detail, String by) {
        if (annotator == null || annotator.isBlank() || annotator.length() > 200) {
            throw ProblemException.badRequest("annotator must be 1-200 characters");
        }
        if (detail != null && detail.length() > 2000) throw ProblemException.badRequest("detail is longer than 2000 characters");
        synchronized (lock(annotator)) {
            return QuarkusTransaction.requiringNew().call(() -> {
                boolean already = campaignId == null ? isPaused(annotator)
                        : AnnotatorPause.count("annotator = ?1 and reinstatedAt is null and campaignId = ?2",
                        annotator, campaignId) > 0;
                if (already) throw ProblemException.conflict("'" + annotator + "' is already paused there");
                AnnotatorPause p = newPause(annotator, campaignId, AnnotatorPause.CURATOR, SpamRules.MANUAL,
                        detail == null || detail.isBlank() ? null : detail.strip(), by);
                p.persist();
                exclude(p);
                return view(p);
            });
        }
    }

    /**
     * A curator reinstates an annotator: the active pause in that campaign, or with no campaign every
     * active pause of the annotator. 404 when there is none.
     */
    public List<PauseView> reinstate(String annotator, Long campaignId, String note, String by) {
        if (note != null && note.length() > 2000) throw ProblemException.badRequest("note is longer than 2000 characters");
        synchronized (lock(annotator)) {
            return QuarkusTransaction.requiringNew().call(() -> {
                List<AnnotatorPause> active = campaignId == null
                        ? AnnotatorPause.<AnnotatorPause>list("annotator = ?1 and reinstatedAt is null", annotator)
                        : AnnotatorPause.<AnnotatorPause>list("annotator = ?1 and reinstatedAt is null and campaignId = ?2",
                        annotator, campaignId);
                if (active.isEmpty()) throw ProblemException.notFound("An active pause of '" + annotator + "'"
                        + (campaignId == null ? "" : " in campaign " + campaignId));
                OffsetDateTime now = OffsetDateTime.now();
                for (AnnotatorPause p : active) {
                    include(p);
                    p.reinstatedAt = now;
                    p.reinstatedBy = by;
                    p.reinstateNote = note == null || note.isBlank() ? null : note.strip();
                }
                AnnotatorPause.flush();
                // pauses still active keep their judgments excluded
                for (AnnotatorPause other : AnnotatorPause.<AnnotatorPause>list("annotator = ?1 and reinstatedAt is null",
                        annotator)) {
                    exclude(other);
                }
                return active.stream().map(this::view).toList();
            });
        }
    }

    private AnnotatorPause newPause(String annotator, Long campaignId, String origin, String reason, String detail, String by) {
        AnnotatorPause p = new AnnotatorPause();
        p.annotator = annotator;
        p.campaignId = campaignId;
        p.origin = origin;
        p.reason = reason;
        p.detail = detail;
        p.pausedAt = OffsetDateTime.now();
        p.pausedBy = by;
        return p;
    }

    /** Marks the not yet excluded judgments in the pause's scope excluded, remembering which. */
    private void exclude(AnnotatorPause p) {
        if (!config.excludeJudgments()) return;
        AnnotatorPause.flush();
        EntityManager em = AnnotatorPause.getEntityManager();
        String scope = p.campaignId == null ? "" : " AND campaign_id = ?3";
        var insert = em.createNativeQuery("INSERT INTO annotator_pause_judgment (pause_id, judgment_id) "
                        + "SELECT ?1, id FROM judgment WHERE annotator = ?2 AND excluded = FALSE" + scope
                        + " AND id NOT IN (SELECT judgment_id FROM annotator_pause_judgment WHERE pause_id = ?1)")
                .setParameter(1, p.id).setParameter(2, p.annotator);
        if (p.campaignId != null) insert.setParameter(3, p.campaignId);
        insert.executeUpdate();
        em.createNativeQuery("UPDATE judgment SET excluded = TRUE WHERE excluded = FALSE AND id IN "
                + "(SELECT judgment_id FROM annotator_pause_judgment WHERE pause_id = ?1)").setParameter(1, p.id).executeUpdate();
    }

    /** Includes again the judgments this pause excluded. */
    private void include(AnnotatorPause p) {
        EntityManager em = AnnotatorPause.getEntityManager();
        em.createNativeQuery("UPDATE judgment SET excluded = FALSE WHERE id IN "
                + "(SELECT judgment_id FROM annotator_pause_judgment WHERE pause_id = ?1)").setParameter(1, p.id).executeUpdate();
        em.createNativeQuery("DELETE FROM annotator_pause_judgment WHERE pause_id = ?1").setParameter(1, p.id).executeUpdate();
    }

    private PauseView view(AnnotatorPause p) {
        long excluded = p.id == null ? 0 : ((Number) AnnotatorPause.getEntityManager().createNativeQuery(
                "SELECT COUNT(*) FROM annotator_pause_judgment WHERE pause_id = ?1").setParameter(1, p.id)
                .getSingleResult()).longValue();
        return new PauseView(p.id, p.annotator, p.campaignId, p.origin, p.reason, p.detail, p.goldN, p.goldAccuracy,
                p.medianSeconds, p.pausedAt, p.pausedBy, p.reinstatedAt, p.reinstatedBy, p.reinstateNote, excluded);
    }

    private static Object lock(String annotator) {
        return ("relabel-pause:" + annotator).intern();
    }
}
