package org.relabel.annotation;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.relabel.account.AnnotatorPauses;
import org.relabel.annotation.domain.JudgmentRules;
import org.relabel.web.Problem;
import org.relabel.web.ProblemException;

/**
 * The one path by which campaign judgments are stored: the annotator page, external tools through
 * the API, and the demo's simulated crowd all call {@link #submit(Submission)}.
 *
 * <p>A submission answers one assignment (an image leased through {@link AssignmentService}).
 * In one transaction it is validated ({@link JudgmentRules}: labels among the shown candidates, the
 * main label among the selected ones), stored as a {@code judgment} row (source, main label, flags,
 * time taken, the shown order as space-separated class keys, the idempotency key) with one
 * {@code judgment_answer} per shown label (selected = yes, shown but not selected = no, or unsure
 * when the image was flagged unclear), and the queue is updated (the assignment becomes
 * SUBMITTED, the image's judgment count grows and its lease count shrinks).
 *
 * <p><b>Idempotency:</b> the idempotency key is chosen by the client and unique per annotator; a
 * retry with the same key returns the judgment stored the first time and never stores a second.
 *
 * <p><b>Simulated annotators</b> (source {@code SIMULATED}) have a name but no account: build them
 * with {@link Annotator#simulated(String)}, lease with {@link AssignmentService#lease} and submit
 * here like anyone else; their judgments have {@code account_id} null.
 */
@ApplicationScoped
public class JudgmentService {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    @Inject
    AgroalDataSource dataSource;
    @Inject
    AssignmentService assignments;
    @Inject
    ClassCache classes;
    @Inject
    AnnotationConfig config;
    @Inject
    AnnotatorPauses pauses;
    @Inject
    AnnotatorChecks checks;

    /**
     * One answer to an assignment.
     *
     * @param campaignId     the campaign
     * @param assignmentId   the assignment answered
     * @param annotator      who answers; must be the assignment's annotator
     * @param selected       class keys ticked as present
     * @param main           class key of the main object (may be omitted when one label is selected)
     * @param noneApply      "none of these"
     * @param unclear        "image unclear"
     * @param millis         time taken in milliseconds, or null when unknown
     * @param idempotencyKey chosen by the client, 1-100 characters of letters, digits, '.', '_', ':' and '-'
     */
    public record Submission(long campaignId, long assignmentId, Annotator annotator, List<String> selected, String main,
                             boolean noneApply, boolean unclear, Integer millis, String idempotencyKey) {
    }

    /**
     * A stored judgment.
     *
     * @param replay true when the idempotency key had been used before and nothing new was stored
     */
    public record Submitted(long judgment, long assignment, OffsetDateTime createdAt, boolean replay) {
    }

    /** Validates and stores a judgment, or returns the one stored earlier under the same idempotency key. */
    public Submitted submit(Submission s) {
        if (s.idempotencyKey() == null || !KEY.matcher(s.idempotencyKey()).matches()) {
            throw invalid(List.of(new JudgmentRules.Violation("idempotencyKey",
                    "idempotencyKey must be 1-100 letters, digits, '.', '_', ':' or '-'")));
        }
        Stored stored;
        try {
            stored = QuarkusTransaction.requiringNew().call(() -> store(s));
        } catch (RuntimeException e) {
            if (!Sql.uniqueViolation(e)) throw e;
            // a parallel retry with the same key won the race: answer with what it stored
            return QuarkusTransaction.requiringNew().call(() -> {
                try (Connection c = dataSource.getConnection()) {
                    AssignmentService.Lease lease = assignments.own(c, s.campaignId(), s.assignmentId(), s.annotator());
                    Submitted earlier = earlier(c, s, lease.imageId());
                    if (earlier == null) throw e;
                    return earlier;
                }
            });
        }
        if (stored.checkDue()) checks.check(s.campaignId(), s.annotator());
        return stored.submitted();
    }

    /** What {@link #store} did, and whether the anti-spam rules should look at the annotator now. */
    private record Stored(Submitted submitted, boolean checkDue) {
        static Stored replay(Submitted earlier) {
            return new Stored(earlier, false);
        }
    }

    /**
     * Takes back the annotator's last submission in this campaign while its lease lasts: the
     * judgment is deleted and the image is leased to the annotator again, with the answer given.
     */
    public AssignmentView undo(long campaignId, Annotator who) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                AssignmentService.Settings settings = assignments.settings(c, campaignId);
                AssignmentService.requireOpen(settings);
                AssignmentService.Lease last = Sql.one(c, "SELECT id, image_id, state, shown, leased_at, expires_at "
                                + "FROM assignment WHERE campaign_id = ? AND annotator = ? AND state = 'SUBMITTED' "
                                + "ORDER BY finished_at DESC, id DESC FETCH FIRST 1 ROWS ONLY",
                        rs -> new AssignmentService.Lease(rs.getLong(1), campaignId, settings.datasetId(), rs.getLong(2),
                                rs.getString(3), Sql.ids(rs.getString(4)), Sql.time(rs, 5), Sql.time(rs, 6)),
                        campaignId, who.name());
                if (last == null) {
                    throw new ProblemException(409, "nothing-to-undo", "Nothing to undo", "you have no submission to undo");
                }
                OffsetDateTime now = OffsetDateTime.now();
                if (!last.expiresAt().isAfter(now)) {
                    throw new ProblemException(409, "undo-expired", "Too late to undo",
                            "the lease of your last submission has ended; it can no longer be undone");
                }
                AssignmentService.lockQueueRow(c, campaignId, last.imageId());
                Long judgment = Sql.one(c, "SELECT judgment_id FROM assignment WHERE id = ? AND state = 'SUBMITTED'",
                        rs -> (Long) rs.getObject(1, Long.class), last.id());
                if (judgment == null) {
                    throw new ProblemException(409, "nothing-to-undo", "Nothing to undo", "the submission was already undone");
                }
                AssignmentView.Answer previous = answer(c, settings.datasetId(), judgment, last.shown());
                Sql.update(c, "DELETE FROM judgment_answer WHERE judgment_id = ?", judgment);
                Sql.update(c, "UPDATE assignment SET state = 'LEASED', judgment_id = NULL, finished_at = NULL WHERE id = ?",
                        last.id());
                Sql.update(c, "DELETE FROM judgment WHERE id = ?", judgment);
                Sql.update(c, "UPDATE campaign_image SET judgments_done = judgments_done - 1, leased = leased + 1 "
                        + "WHERE campaign_id = ? AND image_id = ?", campaignId, last.imageId());
                return assignments.view(new AssignmentService.Lease(last.id(), campaignId, settings.datasetId(),
                        last.imageId(), AssignmentService.LEASED, last.shown(), last.leasedAt(), last.expiresAt()), previous);
            } catch (SQLException e) {
                throw new Sql.DataException(e);
            }
        });
    }

    private Stored store(Submission s) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Annotator who = s.annotator();
            AssignmentService.Lease lease = assignments.own(c, s.campaignId(), s.assignmentId(), who);
            Submitted earlier = earlier(c, s, lease.imageId());
            if (earlier != null) return Stored.replay(earlier);
            AssignmentService.Settings settings = assignments.settings(c, s.campaignId());
            AssignmentService.requireOpen(settings);
            List<ClassCache.Info> shown = classes.all(settings.datasetId(), lease.shown());
            Map<String, Long> idByKey = new HashMap<>();
            List<String> shownKeys = new ArrayList<>(shown.size());
            for (ClassCache.Info i : shown) {
                idByKey.put(i.key(), i.id());
                shownKeys.add(i.key());
            }
            JudgmentRules.Valid valid;
            try {
                valid = JudgmentRules.validate(shownKeys, new JudgmentRules.Response(s.selected(), s.main(),
                        s.noneApply(), s.unclear(), s.millis()));
            } catch (JudgmentRules.InvalidJudgmentException e) {
                throw invalid(e.violations());
            }

            int[] row = AssignmentService.lockQueueRow(c, s.campaignId(), lease.imageId());
            String state = Sql.one(c, "SELECT state FROM assignment WHERE id = ?", rs -> rs.getString(1), lease.id());
            boolean gold = row[2] == 1;
            boolean releaseLease;
            switch (state) {
                case AssignmentService.LEASED -> releaseLease = true;
                case AssignmentService.EXPIRED -> {
                    if (!gold && row[0] + row[1] >= settings.overlap() + row[3]) {
                        throw new ProblemException(409, "lease-expired", "Lease expired", "the lease of assignment "
                                + lease.id() + " ended and the image has been given to others; this answer was not stored");
                    }
                    releaseLease = false;
                }
                case AssignmentService.SUBMITTED -> {
                    earlier = earlier(c, s, lease.imageId());
                    if (earlier != null) return Stored.replay(earlier);
                    throw new ProblemException(409, "already-submitted", "Already submitted",
                            "assignment " + lease.id() + " was answered already (with another idempotency key)");
                }
                default -> throw new ProblemException(409, "not-leased", "Not leased",
                        "assignment " + lease.id() + " was " + state.toLowerCase() + "; it takes no answer");
            }
            OffsetDateTime now = OffsetDateTime.now();
            long judgment = Sql.insert(c, "INSERT INTO judgment (dataset_id, image_id, campaign_id, annotator, account_id, "
                            + "source, main_class_id, none_apply, unclear, millis, shown, idempotency_key, excluded, created_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?)",
                    settings.datasetId(), lease.imageId(), s.campaignId(), who.name(),
                    who.accountId() == null ? Sql.NULL_LONG : who.accountId(), who.source(),
                    valid.main() == null ? Sql.NULL_LONG : idByKey.get(valid.main()), valid.noneApply(), valid.unclear(),
                    valid.millis() == null ? Sql.NULL_INT : valid.millis(), String.join(" ", shownKeys),
                    s.idempotencyKey(), now);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO judgment_answer (judgment_id, class_id, answer) VALUES (?, ?, ?)")) {
                for (Map.Entry<String, Short> a : valid.answers().entrySet()) {
                    ps.setLong(1, judgment);
                    ps.setLong(2, idByKey.get(a.getKey()));
                    ps.setShort(3, a.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            Sql.update(c, "UPDATE assignment SET state = 'SUBMITTED', finished_at = ?, judgment_id = ? WHERE id = ?",
                    now, judgment, lease.id());
            Sql.update(c, "UPDATE campaign_image SET judgments_done = judgments_done + 1"
                    + (releaseLease ? ", leased = leased - 1" : "") + " WHERE campaign_id = ? AND image_id = ?",
                    s.campaignId(), lease.imageId());
            // the answer to an image leased before a pause began is stored excluded (one query when not paused)
            if (AnnotatorPauses.isPaused(c, who.name(), s.campaignId())) pauses.applyPauses(who.name(), s.campaignId());
            return new Stored(new Submitted(judgment, lease.id(), now, false), checks.due(s.campaignId(), who, gold));
        }
    }

    /** The judgment stored earlier under this annotator's idempotency key, or null; 409 when it answered another assignment. */
    private static Submitted earlier(Connection c, Submission s, long imageId) throws SQLException {
        // an annotator gets an image once per campaign, so (campaign, image) names the assignment
        Object[] row = Sql.one(c, "SELECT id, created_at, campaign_id, image_id FROM judgment "
                        + "WHERE annotator = ? AND idempotency_key = ?",
                rs -> new Object[]{rs.getLong(1), Sql.time(rs, 2), rs.getObject(3, Long.class), rs.getLong(4)},
                s.annotator().name(), s.idempotencyKey());
        if (row == null) return null;
        if (row[2] == null || (Long) row[2] != s.campaignId() || (Long) row[3] != imageId) {
            throw new ProblemException(409, "idempotency-key-reused", "Idempotency key reused",
                    "idempotency key '" + s.idempotencyKey() + "' was used for another judgment");
        }
        return new Submitted((Long) row[0], s.assignmentId(), (OffsetDateTime) row[1], true);
    }

    /** The answer of a judgment; selected labels in the order they were shown. */
    private AssignmentView.Answer answer(Connection c, long datasetId, long judgment, List<Long> shown) throws SQLException {
        Object[] j = Sql.one(c, "SELECT main_class_id, none_apply, unclear FROM judgment WHERE id = ?",
                rs -> new Object[]{rs.getObject(1, Long.class), rs.getBoolean(2), rs.getBoolean(3)}, judgment);
        List<Long> yes = Sql.list(c, "SELECT class_id FROM judgment_answer WHERE judgment_id = ? AND answer = ?",
                rs -> rs.getLong(1), judgment, (int) JudgmentRules.YES);
        List<String> selected = shown.stream().filter(yes::contains).map(id -> classes.get(datasetId, id).key()).toList();
        String main = j[0] == null ? null : classes.get(datasetId, (Long) j[0]).key();
        return new AssignmentView.Answer(selected, main, (Boolean) j[1], (Boolean) j[2]);
    }

    private static ProblemException invalid(List<JudgmentRules.Violation> violations) {
        List<Problem.FieldError> errors = violations.stream()
                .map(v -> new Problem.FieldError(null, null, v.field(), v.message())).toList();
        return new ProblemException(400, "invalid-judgment", "Invalid judgment",
                errors.get(0).field() + ": " + errors.get(0).message(), errors, errors.size());
    }
}
