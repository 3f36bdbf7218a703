package org.relabel.annotation;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.relabel.account.AnnotatorPauses;
import org.relabel.annotation.domain.JudgmentRules;
import org.relabel.annotation.domain.StoredAnswers;
import org.relabel.web.Problem;
import org.relabel.web.ProblemException;

/**
 * The one path by which campaign judgments are stored: the annotator page, external tools through
 * the API, and the demo's simulated crowd all call {@link #submit(Submission)}.
 *
 * <p>A submission answers one assignment (an image leased through {@link AssignmentService}).
 * In one transaction it is validated ({@link JudgmentRules}: labels among the shown candidates, the
 * main label among the selected ones), stored as a {@code judgment} row (source, main label, flags,
 * time taken, the shown order as space-separated class keys, the idempotency key, and one answer
 * per shown label: selected = yes, shown but not selected = no, or unsure when the image was flagged
 * unclear, see {@link StoredAnswers}), and the queue is updated (the assignment becomes
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
    @Inject
    JudgmentWriter writer;

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
        return finish(s, writer.write(validKey(s), false), false).submitted();
    }

    /**
     * A stored judgment and the next image leased to the annotator in the same request.
     *
     * @param next the next assignment, or null when no image needs the annotator now (or they may not lease one:
     *             {@code POST /assignments} says why)
     */
    public record SubmittedAndNext(Submitted submitted, AssignmentView next) {
    }

    /**
     * {@link #submit} and then {@link AssignmentService#lease}, in one request: usually in the same transaction
     * (the group commit leases in bulk). A retry of a stored submission answers with the annotator's oldest
     * unexpired lease in the campaign, if any, rather than leasing one more image.
     */
    public SubmittedAndNext submitAndLease(Submission s) {
        return finish(s, writer.write(validKey(s), true), true);
    }

    /**
     * {@link #submit} (or, with {@code next}, {@link #submitAndLease}) for a caller on the event loop, which must
     * not block: the group commit answers on {@code answerOn} (the caller's Vert.x context), and only what needs
     * the database once more (an anti-spam check that is due, a lease that the group commit could not take with
     * the judgment) moves to a worker thread. Its {@code next} is null without {@code next}.
     */
    public Uni<SubmittedAndNext> submitWithoutBlocking(Submission s, boolean next, Context answerOn) {
        return Uni.createFrom().completionStage(() -> writer.submit(validKey(s), next, answerOn))
                .onItem().transformToUni(stored -> stored.checkDue() || (next && stored.next() == null)
                        ? Uni.createFrom().item(() -> finish(s, stored, next)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        : Uni.createFrom().item(new SubmittedAndNext(stored.submitted(), stored.next())));
    }

    private static Submission validKey(Submission s) {
        if (s.idempotencyKey() == null || !KEY.matcher(s.idempotencyKey()).matches()) {
            throw invalid(List.of(new JudgmentRules.Violation("idempotencyKey",
                    "idempotencyKey must be 1-100 letters, digits, '.', '_', ':' or '-'")));
        }
        return s;
    }

    /** What follows the commit: the anti-spam check when due, and the next image when wanted and not leased yet. */
    private SubmittedAndNext finish(Submission s, Stored stored, boolean next) {
        if (stored.checkDue()) checks.check(s.campaignId(), s.annotator());
        if (!next) return new SubmittedAndNext(stored.submitted(), null);
        AssignmentView lease = stored.next();
        if (lease == null && stored.submitted().replay()) {
            lease = assignments.active(s.campaignId(), s.annotator()).stream().findFirst().orElse(null);
        }
        if (lease == null) {
            try {
                lease = assignments.lease(s.campaignId(), s.annotator()).orElse(null);
            } catch (ProblemException e) {
                lease = null; // the judgment is stored; POST /assignments gives the reason to a client that asks
            }
        }
        return new SubmittedAndNext(stored.submitted(), lease);
    }

    /**
     * Stores one submission in its own transaction (the path of every submission that the group commit does
     * not store with others: a retry, an error, a paused annotator), or returns the one stored earlier under the
     * same idempotency key. Called by {@link JudgmentWriter}'s threads.
     */
    Stored storeOne(Submission s) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> store(s));
        } catch (RuntimeException e) {
            if (!Sql.uniqueViolation(e)) throw e;
            // a parallel retry with the same key won the race: answer with what it stored
            return QuarkusTransaction.requiringNew().call(() -> {
                try (Connection c = dataSource.getConnection()) {
                    AssignmentService.Lease lease = assignments.own(c, s.campaignId(), s.assignmentId(), s.annotator());
                    Submitted earlier = earlier(c, s, lease.imageId());
                    if (earlier == null) throw e;
                    return Stored.replay(earlier);
                }
            });
        }
    }

    /**
     * What was stored, whether the anti-spam rules should look at the annotator now, and the next image when the
     * group commit leased one with the judgment (else null).
     */
    record Stored(Submitted submitted, boolean checkDue, AssignmentView next) {
        static Stored replay(Submitted earlier) {
            return new Stored(earlier, false, null);
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
                Sql.update(c, "UPDATE assignment SET state = 'LEASED', judgment_id = NULL, finished_at = NULL WHERE id = ?",
                        last.id());
                OffsetDateTime created = Sql.one(c, "SELECT created_at FROM judgment WHERE id = ?", rs -> Sql.time(rs, 1), judgment);
                Sql.update(c, "DELETE FROM judgment WHERE id = ?", judgment);
                ProgressCounts.change(c, campaignId, who.name(), created, -1);
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
            Checked checked = check(s, settings.datasetId(), lease.shown());

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
            long judgment = Sql.insert(c, INSERT_JUDGMENT, judgmentRow(s, settings.datasetId(), lease.imageId(), checked, now));
            Sql.update(c, SUBMIT_ASSIGNMENT, now, judgment, lease.id());
            Sql.update(c, "UPDATE campaign_image SET judgments_done = judgments_done + 1"
                    + (releaseLease ? ", leased = leased - 1" : "") + " WHERE campaign_id = ? AND image_id = ?",
                    s.campaignId(), lease.imageId());
            ProgressCounts.change(c, s.campaignId(), who.name(), now, 1);
            // the answer to an image leased before a pause began is stored excluded (one query when not paused)
            if (AnnotatorPauses.isPaused(c, who.name(), s.campaignId())) pauses.applyPauses(who.name(), s.campaignId());
            return new Stored(new Submitted(judgment, lease.id(), now, false), checks.due(s.campaignId(), who, gold, checked.valid().millis()), null);
        }
    }

    /**
     * What the group commit ({@link JudgmentWriter}) stored together, by position in the batch, and the positions
     * it left to {@link #storeOne}.
     */
    record Together(Map<Integer, Stored> stored, List<Integer> alone) {
    }

    /**
     * Stores many annotators' submissions in the caller's transaction with a few statements for all of them: the
     * group commit's fast path. It takes the plain case only (the caller's own assignment, still leased, an unused
     * idempotency key, an open campaign, a valid answer, an annotator who is not paused) and leaves every other
     * submission, and a second one for the same assignment or key in the batch, to {@link #storeOne}, which
     * answers it exactly as a submission on its own (replay, 400, 404, 409) once this transaction has committed.
     * Queue rows are locked in one statement, in (campaign, image) order, so that concurrent batches cannot
     * deadlock. For the positions in {@code next} the next image is leased in the same transaction where the
     * database allows ({@link AssignmentService#leaseTogether}).
     */
    Together storeTogether(List<Submission> batch, Set<Integer> next) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            OffsetDateTime now = OffsetDateTime.now();
            List<Integer> alone = new ArrayList<>();
            record Leased(long id, long campaignId, long imageId, String state, String shown, String annotator) {
            }
            boolean pg = assignments.postgres(c);
            List<Object> params = new ArrayList<>();
            String byId = Sql.in(pg, "id", batch.stream().map(Submission::assignmentId).distinct().toList(), params);
            // the leases, their campaigns, paused annotators and used idempotency keys: one round trip
            Sql.Script reads = new Sql.Script(c);
            Sql.Script.Rows<Leased> leaseRows = reads.query("SELECT id, campaign_id, image_id, state, shown, annotator "
                    + "FROM assignment WHERE " + byId, rs -> new Leased(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                    rs.getString(4), rs.getString(5), rs.getString(6)), params.toArray());
            List<Object> campaignParams = new ArrayList<>();
            String ofCampaigns = Sql.in(pg, "id", batch.stream().map(Submission::campaignId).distinct().toList(), campaignParams);
            Sql.Script.Rows<AssignmentService.Settings> settingRows = reads.query("SELECT " + AssignmentService.SETTINGS_COLUMNS
                    + " FROM campaign WHERE " + ofCampaigns, AssignmentService.SETTINGS, campaignParams.toArray());
            Supplier<Set<String>> pausedIn = pausedAnnotators(reads, pg, batch);
            Supplier<Set<String>> usedIn = usedKeys(reads, batch);
            reads.run();
            Map<Long, Leased> leases = new HashMap<>();
            for (Leased l : leaseRows.get()) leases.put(l.id(), l);
            Map<Long, AssignmentService.Settings> settings = new HashMap<>(); // a campaign that is gone has none
            for (AssignmentService.Settings st : settingRows.get()) settings.put(st.id(), st);
            Set<String> paused = pausedIn.get();
            Set<String> usedKeys = usedIn.get();
            record Item(int at, Submission s, Leased lease, AssignmentService.Settings settings, Checked checked) {
            }
            List<Item> items = new ArrayList<>();
            Set<Long> answered = new HashSet<>();
            Set<String> keys = new HashSet<>();
            for (int i = 0; i < batch.size(); i++) {
                Submission s = batch.get(i);
                Leased l = leases.get(s.assignmentId());
                AssignmentService.Settings st = settings.get(s.campaignId());
                String key = s.annotator().name() + " " + s.idempotencyKey();
                Checked checked = null;
                if (l != null && st != null && st.state() == Campaign.State.OPEN && l.campaignId() == s.campaignId()
                        && l.annotator().equals(s.annotator().name()) && AssignmentService.LEASED.equals(l.state())
                        && !paused.contains(s.annotator().name() + " " + s.campaignId()) && !usedKeys.contains(key)
                        && answered.add(l.id()) && keys.add(key)) {
                    try {
                        checked = check(s, st.datasetId(), Sql.ids(l.shown()));
                    } catch (ProblemException e) {
                        checked = null;
                    }
                }
                if (checked == null) alone.add(i);
                else items.add(new Item(i, s, l, st, checked));
            }
            Map<Integer, Stored> stored = new HashMap<>();
            if (items.isEmpty()) return new Together(stored, alone);

            // lock the queue rows, in order; then the leases must still be leased (an expiry may have come between)
            Map<Long, SortedSet<Long>> rows = new TreeMap<>();
            for (Item it : items) rows.computeIfAbsent(it.s().campaignId(), k -> new TreeSet<>()).add(it.lease().imageId());
            Sql.Script locks = new Sql.Script(c);
            Map<Long, Supplier<Set<Long>>> goldIn = new LinkedHashMap<>();
            for (Map.Entry<Long, SortedSet<Long>> e : rows.entrySet()) {
                goldIn.put(e.getKey(), lockQueueRows(locks, e.getKey(), e.getValue()));
            }
            List<Object> leaseIds = new ArrayList<>();
            String ofItems = Sql.in(pg, "id", items.stream().map(it -> it.lease().id()).toList(), leaseIds);
            // the state by primary key (a state condition made PostgreSQL read every leased row of the table instead)
            Sql.Script.Rows<Object[]> states = locks.query("SELECT id, state FROM assignment WHERE " + ofItems,
                    rs -> new Object[]{rs.getLong(1), rs.getString(2)}, leaseIds.toArray());
            locks.run();
            Set<String> gold = new HashSet<>(); // "campaign image" of the gold images among them
            goldIn.forEach((campaign, images) -> images.get().forEach(image -> gold.add(campaign + " " + image)));
            Set<Long> stillLeased = new HashSet<>();
            for (Object[] row : states.get()) {
                if (AssignmentService.LEASED.equals(row[1])) stillLeased.add((Long) row[0]);
            }
            List<Item> plain = new ArrayList<>();
            for (Item it : items) {
                if (stillLeased.contains(it.lease().id())) plain.add(it);
                else alone.add(it.at());
            }
            if (plain.isEmpty()) return new Together(stored, alone);

            List<Object[]> judgmentRows = new ArrayList<>();
            for (Item it : plain) {
                judgmentRows.add(judgmentRow(it.s(), it.settings().datasetId(), it.lease().imageId(), it.checked(), now));
            }
            // the judgments, and their assignments marked submitted (joined by annotator and idempotency key), with the
            // next images' reads below: one round trip
            Sql.Script writes = new Sql.Script(c);
            Sql.Script.Rows<Long> judgmentIdRows = writes.insertAll("judgment", JUDGMENT_COLUMNS, JUDGMENT_VALUES, judgmentRows);
            List<Object[]> submitted = new ArrayList<>();
            AssignmentService.QueueCounts counts = new AssignmentService.QueueCounts();
            ProgressCounts progress = new ProgressCounts();
            for (int k = 0; k < plain.size(); k++) {
                Item it = plain.get(k);
                submitted.add(new Object[]{now, it.s().annotator().name(), it.s().idempotencyKey(), it.lease().id()});
                counts.add(it.s().campaignId(), it.lease().imageId(), 1, -1);
                progress.add(it.s().campaignId(), it.s().annotator().name(), now, 1);
            }
            writes.updateAll("UPDATE assignment a SET state = 'SUBMITTED', finished_at = v.finished_at, judgment_id = j.id "
                    + "FROM %s AS v (finished_at, annotator, idempotency_key, id) JOIN judgment j ON j.annotator = v.annotator "
                    + "AND j.idempotency_key = v.idempotency_key WHERE a.id = v.id", "UPDATE assignment SET state = 'SUBMITTED', "
                    + "finished_at = ?, judgment_id = (SELECT id FROM judgment WHERE annotator = ? AND idempotency_key = ?) "
                    + "WHERE id = ?", submitted);
            // the next images, per campaign, for those who asked: their reads ride on this round trip (after the UPDATE,
            // so that the leases just submitted no longer count as held)
            Map<Long, List<Item>> wanting = new LinkedHashMap<>();
            for (Item it : plain) {
                if (next.contains(it.at())) wanting.computeIfAbsent(it.s().campaignId(), k -> new ArrayList<>()).add(it);
            }
            Map<Long, AssignmentService.NextLeases> nextIn = new LinkedHashMap<>();
            for (Map.Entry<Long, List<Item>> e : wanting.entrySet()) {
                nextIn.put(e.getKey(), assignments.leaseTogether(writes, settings.get(e.getKey()),
                        e.getValue().stream().map(it -> it.s().annotator()).toList(), now));
            }
            writes.run();
            List<Long> judgmentIds = judgmentIdRows.get();

            // the new leases, the judgments and the leases in the queue rows' counters (one update per row; the leases'
            // stretch of the queue was read before these updates: a submission leaves judgments_done + leased as it was),
            // and where the annotator page finds the next images: one round trip
            Sql.Script last = new Sql.Script(c);
            Map<Long, Supplier<List<AssignmentService.Lease>>> granted = new LinkedHashMap<>();
            List<Long> nextImages = new ArrayList<>();
            for (Map.Entry<Long, AssignmentService.NextLeases> e : nextIn.entrySet()) {
                granted.put(e.getKey(), e.getValue().grant(c, counts, last));
                nextImages.addAll(e.getValue().images());
            }
            counts.apply(last);
            progress.apply(last);
            Supplier<Map<Long, AssignmentView.Media>> mediaOf = AssignmentService.media(last, nextImages);
            last.run();
            Map<Integer, AssignmentService.Lease> nextLease = new HashMap<>();
            for (Map.Entry<Long, List<Item>> e : wanting.entrySet()) {
                List<Item> group = e.getValue();
                List<AssignmentService.Lease> got = granted.get(e.getKey()).get();
                for (int k = 0; k < group.size(); k++) {
                    if (got.get(k) != null) nextLease.put(group.get(k).at(), got.get(k));
                }
            }
            Map<Long, AssignmentView.Media> media = mediaOf.get();
            for (int k = 0; k < plain.size(); k++) {
                Item it = plain.get(k);
                AssignmentService.Lease l = nextLease.get(it.at());
                boolean isGold = gold.contains(it.s().campaignId() + " " + it.lease().imageId());
                stored.put(it.at(), new Stored(new Submitted(judgmentIds.get(k), it.lease().id(), now, false),
                        checks.due(it.s().campaignId(), it.s().annotator(), isGold, it.checked().valid().millis()),
                        l == null ? null : assignments.view(l, media.get(l.imageId()), null)));
            }
            return new Together(stored, alone);
        }
    }

    private static final String JUDGMENT_COLUMNS = "dataset_id, image_id, campaign_id, annotator, account_id, source, "
            + "main_class_id, none_apply, unclear, millis, shown, answers, idempotency_key, excluded, created_at";
    private static final String JUDGMENT_VALUES = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?";
    private static final String INSERT_JUDGMENT = "INSERT INTO judgment (" + JUDGMENT_COLUMNS + ") VALUES (" + JUDGMENT_VALUES + ")";
    private static final String SUBMIT_ASSIGNMENT = "UPDATE assignment SET state = 'SUBMITTED', finished_at = ?, "
            + "judgment_id = ? WHERE id = ?";

    /** A submission checked against the labels shown ({@link JudgmentRules}), with the shown labels' ids. */
    private record Checked(List<String> shownKeys, Map<String, Long> idByKey, JudgmentRules.Valid valid) {
        /** The answers as the judgment row stores them. */
        String answers() {
            Map<Long, Short> byId = new TreeMap<>();
            for (Map.Entry<String, Short> a : valid.answers().entrySet()) byId.put(idByKey.get(a.getKey()), a.getValue());
            return StoredAnswers.encode(byId);
        }
    }

    /** Validates a submission against the labels its lease showed; 400 with every violation when it is invalid. */
    private Checked check(Submission s, long datasetId, List<Long> shown) {
        Map<String, Long> idByKey = new HashMap<>();
        List<String> shownKeys = new ArrayList<>(shown.size());
        for (ClassCache.Info i : classes.all(datasetId, shown)) {
            idByKey.put(i.key(), i.id());
            shownKeys.add(i.key());
        }
        try {
            return new Checked(shownKeys, idByKey, JudgmentRules.validate(shownKeys, new JudgmentRules.Response(s.selected(),
                    s.main(), s.noneApply(), s.unclear(), s.millis())));
        } catch (JudgmentRules.InvalidJudgmentException e) {
            throw invalid(e.violations());
        }
    }

    private static Object[] judgmentRow(Submission s, long datasetId, long imageId, Checked checked, OffsetDateTime now) {
        Annotator who = s.annotator();
        JudgmentRules.Valid valid = checked.valid();
        return new Object[]{datasetId, imageId, s.campaignId(), who.name(), who.accountId() == null ? Sql.NULL_LONG : who.accountId(),
                who.source(), valid.main() == null ? Sql.NULL_LONG : checked.idByKey().get(valid.main()), valid.noneApply(),
                valid.unclear(), valid.millis() == null ? Sql.NULL_INT : valid.millis(), String.join(" ", checked.shownKeys()),
                checked.answers(), s.idempotencyKey(), now};
    }

    /**
     * "annotator campaign" for each submission whose annotator is paused in its campaign (or everywhere), read as part
     * of a script: the set is there once it has run.
     */
    private static Supplier<Set<String>> pausedAnnotators(Sql.Script script, boolean pg, List<Submission> batch)
            throws SQLException {
        List<Object> params = new ArrayList<>();
        String ofNames = Sql.in(pg, "annotator", batch.stream().map(s -> s.annotator().name()).distinct().toList(), params);
        // "annotator campaign", or "annotator *" for everywhere
        Sql.Script.Rows<String> rows = script.query("SELECT annotator, campaign_id FROM annotator_pause WHERE " + ofNames
                        + " AND reinstated_at IS NULL",
                rs -> rs.getString(1) + " " + (rs.getObject(2) == null ? "*" : rs.getLong(2)), params.toArray());
        return () -> {
            Set<String> pausedIn = new HashSet<>(rows.get());
            Set<String> out = new HashSet<>();
            for (Submission s : batch) {
                String name = s.annotator().name();
                if (pausedIn.contains(name + " *") || pausedIn.contains(name + " " + s.campaignId())) {
                    out.add(name + " " + s.campaignId());
                }
            }
            return out;
        };
    }

    /**
     * "annotator key" for each submission whose idempotency key its annotator has used before: on PostgreSQL one
     * join of the pairs with {@code uq_judgment_idempotency} (annotator, idempotency_key), on H2 one lookup per pair.
     * (Two IN lists, one per column, let PostgreSQL read every judgment of the batch's annotators once they have
     * thousands: tens of milliseconds per batch.)
     */
    private static Supplier<Set<String>> usedKeys(Sql.Script script, List<Submission> batch) throws SQLException {
        List<Sql.Script.Rows<String>> found = new ArrayList<>();
        if (script.postgres()) {
            List<Object[]> pairs = batch.stream().map(s -> new Object[]{s.annotator().name(), s.idempotencyKey()}).toList();
            found.add(script.query("SELECT j.annotator, j.idempotency_key FROM judgment j JOIN " + Sql.unnest(pairs)
                            + " AS k (annotator, idempotency_key) "
                            + "ON j.annotator = k.annotator AND j.idempotency_key = k.idempotency_key",
                    rs -> rs.getString(1) + " " + rs.getString(2), Sql.arrays(pairs)));
        } else {
            for (Submission s : batch) {
                found.add(script.query("SELECT annotator, idempotency_key FROM judgment WHERE annotator = ? AND idempotency_key = ?",
                        rs -> rs.getString(1) + " " + rs.getString(2), s.annotator().name(), s.idempotencyKey()));
            }
        }
        return () -> {
            Set<String> used = new HashSet<>();
            found.forEach(rows -> used.addAll(rows.get()));
            return used;
        };
    }

    /**
     * Locks queue rows of a campaign in image order (waiting for other transactions) and returns the gold images
     * among them, once the script has run: on PostgreSQL in one statement of the script, on H2 (which would lock every
     * row such a query reads) one by one, at once.
     */
    private static Supplier<Set<Long>> lockQueueRows(Sql.Script script, long campaignId, SortedSet<Long> images)
            throws SQLException {
        if (script.postgres()) {
            List<Object> params = new ArrayList<>();
            params.add(campaignId);
            Sql.Script.Rows<long[]> locked = script.query("SELECT image_id, gold FROM campaign_image WHERE campaign_id = ? AND "
                    + Sql.in(true, "image_id", images, params) + " ORDER BY image_id FOR UPDATE", rs -> new long[]{rs.getLong(1),
                    rs.getBoolean(2) ? 1 : 0}, params.toArray());
            return () -> {
                if (locked.get().size() != images.size()) {
                    throw new IllegalStateException("queue rows missing in campaign " + campaignId);
                }
                Set<Long> gold = new HashSet<>();
                for (long[] r : locked.get()) if (r[1] == 1) gold.add(r[0]);
                return gold;
            };
        }
        Set<Long> gold = new HashSet<>();
        for (long image : images) {
            if (AssignmentService.lockQueueRow(script.connection(), campaignId, image)[2] == 1) gold.add(image);
        }
        return () -> gold;
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
        Object[] j = Sql.one(c, "SELECT main_class_id, none_apply, unclear, answers FROM judgment WHERE id = ?",
                rs -> new Object[]{rs.getObject(1, Long.class), rs.getBoolean(2), rs.getBoolean(3), rs.getString(4)}, judgment);
        Map<Long, Short> answers = StoredAnswers.decode((String) j[3]);
        List<String> selected = shown.stream().filter(id -> answers.getOrDefault(id, JudgmentRules.NO) == JudgmentRules.YES)
                .map(id -> classes.get(datasetId, id).key()).toList();
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
