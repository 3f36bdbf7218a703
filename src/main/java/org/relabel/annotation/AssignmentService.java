package org.relabel.annotation;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.relabel.account.AnnotatorPauses;
import org.relabel.annotation.domain.ShownOrder;
import org.relabel.web.ProblemException;

/**
 * The assignment queue of a campaign. An annotator asks for the next image and gets the regular
 * image with the fewest judgments so far (ties broken by a stable random key) that
 * <ul>
 * <li>this annotator was never given before (in any state: an image is offered to one annotator once),</li>
 * <li>still has room: judgments done + leases held &lt; overlap + extra wanted, so at most
 *     (overlap + extra - judgments) annotators hold it at once; "extra wanted" is 0 until a curator asks
 *     for more judgments of the image ({@link MoreJudgments});</li>
 * <li>no other transaction is leasing at this moment ({@code FOR UPDATE SKIP LOCKED}: concurrent
 *     requests take different rows instead of waiting for each other).</li>
 * </ul>
 * With the campaign's gold rate as probability, an unseen gold image comes instead (gold images
 * ignore overlap). A lease lasts the campaign's lease time; expired leases return their place to
 * the queue ({@link #reap()}, run by every instance; a conditional update makes it count once).
 *
 * <p>All state lives in the database (counters in {@code campaign_image}, leases in
 * {@code assignment}), and every change of a queue row happens in a transaction holding that row's
 * lock, so the rules hold across threads and across several instances on one PostgreSQL. Lock order
 * is always queue row, then assignment row, so transactions cannot deadlock.
 *
 * <p>PostgreSQL locks just the first qualifying row of the ordered scan. H2 locks every row a
 * {@code FOR UPDATE} query reads, so there the queue reads a short list of candidates without locks
 * and then locks one of them by primary key with {@code SKIP LOCKED}, re-checking the rules under
 * the lock.
 *
 * <p>The queue queries order by every column of {@code ix_campaign_image_queue}, the constant
 * ones included: H2 walks an index in order (and stops after the first rows) only when the
 * ORDER BY names its columns from the first; PostgreSQL does either way.
 */
@ApplicationScoped
public class AssignmentService {
    private static final Logger LOG = Logger.getLogger(AssignmentService.class);
    static final String LEASED = "LEASED";
    static final String SUBMITTED = "SUBMITTED";
    static final String SKIPPED = "SKIPPED";
    static final String EXPIRED = "EXPIRED";
    private static final int WINDOW = 16;
    private static final int ATTEMPTS = 8;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    AnnotationConfig config;
    @Inject
    ClassCache classes;

    private volatile Boolean postgres;

    /** A lease as stored. */
    record Lease(long id, long campaignId, long datasetId, long imageId, String state, List<Long> shown,
                 OffsetDateTime leasedAt, OffsetDateTime expiresAt) {
    }

    /** The settings of a campaign the queue needs. */
    record Settings(long id, long datasetId, Campaign.State state, int overlap, double goldRate, int leaseSeconds) {
    }

    private record Attempt(AssignmentView view, boolean contended) {
    }

    /**
     * Leases the next image to an annotator.
     *
     * @return the assignment, or empty when no image needs this annotator now
     * @throws ProblemException 409 when the campaign is not open or the annotator holds
     *                          {@code relabel.annotation.max-leases} images already; 503 when the
     *                          queue stayed contended
     */
    public Optional<AssignmentView> lease(long campaignId, Annotator who) {
        boolean contended = false;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Attempt a;
            try {
                a = QuarkusTransaction.requiringNew().call(() -> tryLease(campaignId, who));
            } catch (RuntimeException e) {
                if (!Sql.uniqueViolation(e)) throw e;
                a = new Attempt(null, true); // the same annotator leased this image in a parallel request
            }
            if (a.view() != null) return Optional.of(a.view());
            if (!a.contended()) return Optional.empty();
            contended = true;
            try {
                Thread.sleep(1L + ThreadLocalRandom.current().nextInt(2 << attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (contended) {
            throw new ProblemException(503, "queue-busy", "Queue busy", "every available image was being leased "
                    + "by other annotators; try again in a moment");
        }
        return Optional.empty();
    }

    /** The annotator's unexpired leases in this campaign, oldest first (a reloaded page resumes them). */
    public List<AssignmentView> active(long campaignId, Annotator who) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                Settings s = settings(c, campaignId);
                List<Lease> leases = Sql.list(c, "SELECT id, image_id, state, shown, leased_at, expires_at FROM assignment "
                                + "WHERE campaign_id = ? AND annotator = ? AND state = 'LEASED' AND expires_at > ? "
                                + "ORDER BY leased_at, id",
                        rs -> new Lease(rs.getLong(1), campaignId, s.datasetId(), rs.getLong(2), rs.getString(3),
                                Sql.ids(rs.getString(4)), Sql.time(rs, 5), Sql.time(rs, 6)),
                        campaignId, who.name(), OffsetDateTime.now());
                return leases.stream().map(l -> view(l, null)).toList();
            } catch (SQLException e) {
                throw new Sql.DataException(e);
            }
        });
    }

    /** Gives an image back unjudged; the annotator will not get it again. */
    public void skip(long campaignId, long assignmentId, Annotator who) {
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = dataSource.getConnection()) {
                Lease lease = own(c, campaignId, assignmentId, who);
                lockQueueRow(c, campaignId, lease.imageId());
                int changed = Sql.update(c, "UPDATE assignment SET state = 'SKIPPED', finished_at = ? "
                        + "WHERE id = ? AND state = 'LEASED'", OffsetDateTime.now(), assignmentId);
                if (changed == 1) {
                    Sql.update(c, "UPDATE campaign_image SET leased = leased - 1 WHERE campaign_id = ? AND image_id = ?",
                            campaignId, lease.imageId());
                } else {
                    String state = Sql.one(c, "SELECT state FROM assignment WHERE id = ?", rs -> rs.getString(1), assignmentId);
                    if (!EXPIRED.equals(state)) {
                        throw new ProblemException(409, "not-leased", "Not leased",
                                "assignment " + assignmentId + " is " + state + "; only a leased image can be skipped");
                    }
                    // an expired lease already gave its place back; record the skip all the same
                    Sql.update(c, "UPDATE assignment SET state = 'SKIPPED', finished_at = ? WHERE id = ?",
                            OffsetDateTime.now(), assignmentId);
                }
            } catch (SQLException e) {
                throw new Sql.DataException(e);
            }
        });
    }

    @Scheduled(every = "${relabel.annotation.reap-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "${relabel.annotation.reap-every}")
    void reapExpired() {
        org.relabel.ops.Outages.run("lease reaping", this::reap); // an outage is one warning, not a trace per tick
    }

    /** Returns the places of expired leases to the queue. Runs on every instance; each lease counts once. */
    public int reap() {
        OffsetDateTime now = OffsetDateTime.now();
        List<long[]> expired = QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                return Sql.list(c, "SELECT id, campaign_id, image_id FROM assignment WHERE state = 'LEASED' "
                                + "AND expires_at < ? ORDER BY state, expires_at FETCH FIRST 1000 ROWS ONLY",
                        rs -> new long[]{rs.getLong(1), rs.getLong(2), rs.getLong(3)}, now);
            } catch (SQLException e) {
                throw new Sql.DataException(e);
            }
        });
        int reaped = 0;
        for (long[] a : expired) {
            boolean done = QuarkusTransaction.requiringNew().call(() -> {
                try (Connection c = dataSource.getConnection()) {
                    lockQueueRow(c, a[1], a[2]);
                    int changed = Sql.update(c, "UPDATE assignment SET state = 'EXPIRED', finished_at = ? "
                            + "WHERE id = ? AND state = 'LEASED' AND expires_at < ?", now, a[0], now);
                    if (changed == 1) {
                        Sql.update(c, "UPDATE campaign_image SET leased = leased - 1 WHERE campaign_id = ? AND image_id = ?",
                                a[1], a[2]);
                    }
                    return changed == 1;
                } catch (SQLException e) {
                    throw new Sql.DataException(e);
                }
            });
            if (done) reaped++;
        }
        if (reaped > 0) LOG.debugf("returned %d expired leases to the queue", reaped);
        return reaped;
    }

    // ------------------------------------------------------------------ internals shared with JudgmentService

    /** The columns {@link #SETTINGS} reads, of {@code campaign}. */
    static final String SETTINGS_COLUMNS = "id, dataset_id, state, overlap, gold_rate, lease_seconds";
    static final Sql.RowMapper<Settings> SETTINGS = rs -> new Settings(rs.getLong(1), rs.getLong(2),
            Campaign.State.valueOf(rs.getString(3)), rs.getInt(4), rs.getDouble(5), rs.getInt(6));

    Settings settings(Connection c, long campaignId) throws SQLException {
        Settings s = Sql.one(c, "SELECT " + SETTINGS_COLUMNS + " FROM campaign WHERE id = ?", SETTINGS, campaignId);
        if (s == null) throw ProblemException.notFound("Campaign " + campaignId);
        return s;
    }

    static void requireOpen(Settings s) {
        if (s.state() != Campaign.State.OPEN) {
            throw new ProblemException(409, "campaign-not-open", "Campaign not open",
                    "campaign " + s.id() + " is " + s.state().name().toLowerCase() + "; it takes no judgments now");
        }
    }

    /** The caller's own assignment, or 404 (someone else's looks the same as a missing one). */
    Lease own(Connection c, long campaignId, long assignmentId, Annotator who) throws SQLException {
        Lease lease = Sql.one(c, "SELECT a.id, a.image_id, a.state, a.shown, a.leased_at, a.expires_at, a.annotator, "
                        + "ca.dataset_id FROM assignment a JOIN campaign ca ON ca.id = a.campaign_id "
                        + "WHERE a.id = ? AND a.campaign_id = ?",
                rs -> who.name().equals(rs.getString(7)) ? new Lease(rs.getLong(1), campaignId, rs.getLong(8),
                        rs.getLong(2), rs.getString(3), Sql.ids(rs.getString(4)), Sql.time(rs, 5), Sql.time(rs, 6)) : null,
                assignmentId, campaignId);
        if (lease == null) throw ProblemException.notFound("Assignment " + assignmentId);
        return lease;
    }

    /** Locks a queue row (waiting for other transactions), returning {done, leased, gold = 1|0}. */
    static int[] lockQueueRow(Connection c, long campaignId, long imageId) throws SQLException {
        int[] row = Sql.one(c, "SELECT judgments_done, leased, gold, extra_wanted FROM campaign_image WHERE campaign_id = ? "
                        + "AND image_id = ? FOR UPDATE",
                rs -> new int[]{rs.getInt(1), rs.getInt(2), rs.getBoolean(3) ? 1 : 0, rs.getInt(4)}, campaignId, imageId);
        if (row == null) throw new IllegalStateException("no queue row for image " + imageId + " in campaign " + campaignId);
        return row;
    }

    /** The annotator's view of a lease (joins the caller's transaction). */
    AssignmentView view(Lease l, AssignmentView.Answer previous) {
        AssignmentView.Media media = QuarkusTransaction.joiningExisting().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                return media(c, List.of(l.imageId())).get(l.imageId());
            } catch (SQLException e) {
                throw new Sql.DataException(e);
            }
        });
        return view(l, media, previous);
    }

    /** The annotator's view of a lease whose image is described by {@code media}. */
    AssignmentView view(Lease l, AssignmentView.Media media, AssignmentView.Answer previous) {
        List<AssignmentView.Candidate> candidates = classes.all(l.datasetId(), l.shown()).stream()
                .map(i -> new AssignmentView.Candidate(i.key(), i.name(), i.description())).toList();
        return new AssignmentView(l.id(), l.campaignId(), media, candidates, l.leasedAt(), l.expiresAt(), previous);
    }

    /** Where the annotator page finds each image, and its size, by image id: one query. */
    static Map<Long, AssignmentView.Media> media(Connection c, Collection<Long> imageIds) throws SQLException {
        Sql.Script script = new Sql.Script(c);
        Supplier<Map<Long, AssignmentView.Media>> media = media(script, imageIds);
        script.run();
        return media.get();
    }

    /** {@link #media(Connection, Collection)} as part of a script: the map is there once the script has run. */
    static Supplier<Map<Long, AssignmentView.Media>> media(Sql.Script script, Collection<Long> imageIds) throws SQLException {
        if (imageIds.isEmpty()) return Map::of;
        List<Object> params = new ArrayList<>();
        String byId = Sql.in(script.postgres(), "id", new LinkedHashSet<>(imageIds), params);
        Sql.Script.Rows<Map.Entry<Long, AssignmentView.Media>> rows = script.query("SELECT id, content_hash, width, height "
                        + "FROM image WHERE " + byId, rs -> Map.entry(rs.getLong(1), new AssignmentView.Media(rs.getString(2) == null
                        ? null : "/media/" + rs.getString(2), (Integer) rs.getObject(3), (Integer) rs.getObject(4))),
                params.toArray());
        return () -> rows.get().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    // ------------------------------------------------------------------ leasing

    private Attempt tryLease(long campaignId, Annotator who) {
        try (Connection c = dataSource.getConnection()) {
            OffsetDateTime now = OffsetDateTime.now();
            // the campaign, whether the annotator is paused, and how many images they hold: one round trip
            Object[] row = Sql.one(c, "SELECT c.id, c.dataset_id, c.state, c.overlap, c.gold_rate, c.lease_seconds, "
                            + "(" + AnnotatorPauses.ACTIVE_PAUSES + "), "
                            + "(SELECT COUNT(*) FROM assignment a WHERE a.campaign_id = c.id AND a.annotator = ? "
                            + "AND a.state = 'LEASED' AND a.expires_at > ?) FROM campaign c WHERE c.id = ?",
                    rs -> new Object[]{new Settings(rs.getLong(1), rs.getLong(2), Campaign.State.valueOf(rs.getString(3)),
                            rs.getInt(4), rs.getDouble(5), rs.getInt(6)), rs.getLong(7), rs.getLong(8)},
                    who.name(), campaignId, who.name(), now, campaignId);
            if (row == null) throw ProblemException.notFound("Campaign " + campaignId);
            Settings s = (Settings) row[0];
            requireOpen(s);
            if ((Long) row[1] > 0) {
                throw new ProblemException(403, "annotator-paused", "Paused", "your work in this campaign is paused "
                        + "for a curator's review; you will get images again if they reinstate you");
            }
            long held = (Long) row[2];
            if (held >= config.maxLeases()) {
                throw new ProblemException(409, "too-many-leases", "Too many leases", "you hold " + held
                        + " images of this campaign already; submit or skip one first");
            }
            boolean contended = false;
            if (drawsGold(s)) {
                Lease gold = leaseGold(c, s, who, now);
                if (gold != null) return new Attempt(view(gold, null), false);
            }
            Long image;
            if (postgres(c)) {
                for (String room : ROOM) {
                    Object[] next = Sql.one(c, "SELECT ci.image_id, ci.candidates FROM campaign_image ci WHERE ci.campaign_id = ? "
                            + "AND ci.gold = FALSE " + room + NOT_SEEN
                            + "ORDER BY ci.campaign_id, ci.gold, ci.judgments_done, ci.sort_key LIMIT 1 FOR UPDATE SKIP LOCKED",
                            rs -> new Object[]{rs.getLong(1), rs.getString(2)}, campaignId, s.overlap(), s.overlap(), who.name());
                    if (next != null) {
                        return new Attempt(view(insertLease(c, s, (Long) next[0], (String) next[1], who, now), null), false);
                    }
                }
                image = null;
                contended = available(c, s, who, 1).size() > 0;
            } else {
                image = null;
                for (Long candidate : available(c, s, who, WINDOW)) {
                    Long locked = Sql.one(c, "SELECT ci.image_id FROM campaign_image ci WHERE ci.campaign_id = ? "
                            + "AND ci.image_id = ? FOR UPDATE SKIP LOCKED", rs -> rs.getLong(1), campaignId, candidate);
                    if (locked == null) {
                        contended = true;
                        continue;
                    }
                    // re-check under the lock: another transaction may have filled the row or leased it to us
                    boolean fits = Sql.count(c, "SELECT COUNT(*) FROM campaign_image ci WHERE ci.campaign_id = ? "
                            + "AND ci.image_id = ? AND ci.judgments_done + ci.leased < ? + ci.extra_wanted " + NOT_SEEN,
                            campaignId, candidate, s.overlap(), who.name()) == 1;
                    if (fits) {
                        image = candidate;
                        break;
                    }
                    contended = true; // filled since the list was read: read a fresh list rather than answer "none"
                }
            }
            if (image == null) return new Attempt(null, contended);
            return new Attempt(view(insertLease(c, s, image, who, now), null), false);
        } catch (SQLException e) {
            throw new Sql.DataException(e);
        }
    }

    /** Whether this lease should be a gold image: a draw with the campaign's gold rate as probability. */
    private static boolean drawsGold(Settings s) {
        return s.goldRate() > 0 && ThreadLocalRandom.current().nextDouble() < s.goldRate();
    }

    /** Leases the least-judged gold image the annotator has not been given, or returns null when there is none. */
    private Lease leaseGold(Connection c, Settings s, Annotator who, OffsetDateTime now) throws SQLException {
        Long gold = Sql.one(c, "SELECT ci.image_id FROM campaign_image ci WHERE ci.campaign_id = ? AND ci.gold = TRUE "
                + "AND NOT EXISTS (SELECT 1 FROM assignment a WHERE a.campaign_id = ci.campaign_id "
                + "AND a.image_id = ci.image_id AND a.annotator = ?) "
                + "ORDER BY ci.campaign_id, ci.gold, ci.judgments_done, ci.sort_key FETCH FIRST 1 ROWS ONLY", rs -> rs.getLong(1),
                s.id(), who.name());
        if (gold == null) return null;
        lockQueueRow(c, s.id(), gold);
        return insertLease(c, s, gold, who, now);
    }

    /**
     * Leases the next image to each of several annotators of one campaign in the caller's transaction (the
     * group commit of {@link JudgmentWriter} asks this for the annotators whose submissions it just stored, with
     * "give me the next image"): the same rules as {@link #lease}, with a few statements for all of them instead
     * of several each, and most of them riding on the batch's own round trips: this adds the reads (how many images
     * each holds, and a stretch of the queue's head, locked) to {@code reads}, a script the batch sends anyway; then
     * {@link NextLeases#grant} decides and adds the leases' INSERT to the batch's last script. The first annotators in
     * the list take the least-judged images. PostgreSQL only (one {@code FOR UPDATE SKIP LOCKED} scan locks a stretch
     * of the queue); elsewhere, and for an annotator who holds {@code max-leases} already or for whom the stretch
     * holds nothing, the entry is null and the caller leases the usual way.
     */
    NextLeases leaseTogether(Sql.Script reads, Settings s, List<Annotator> who, OffsetDateTime now) throws SQLException {
        if (who.isEmpty() || s.state() != Campaign.State.OPEN || !reads.postgres()) return new NextLeases(s, who, now, null, null);
        List<String> names = who.stream().map(Annotator::name).distinct().toList();
        List<Object> heldParams = new ArrayList<>(List.of(s.id()));
        String ofNames = Sql.in(true, "annotator", names, heldParams);
        heldParams.add(now);
        Sql.Script.Rows<Object[]> heldRows = reads.query("SELECT annotator, COUNT(*) FROM assignment WHERE campaign_id = ? AND "
                        + ofNames + " AND state = 'LEASED' AND expires_at > ? GROUP BY annotator",
                rs -> new Object[]{rs.getString(1), rs.getLong(2)}, heldParams.toArray());
        // twice as many rows as annotators, since several may share an image (of the rows below the overlap: those with
        // room only from more judgments asked for come after them all, and the annotators who find nothing here get
        // them the usual way)
        Sql.Script.Rows<StretchRow> stretch = reads.query("SELECT ci.image_id, ci.candidates, ? + ci.extra_wanted - ci.judgments_done "
                        + "- ci.leased FROM campaign_image ci WHERE ci.campaign_id = ? AND ci.gold = FALSE " + ROOM.get(0)
                        + "ORDER BY ci.campaign_id, ci.gold, ci.judgments_done, ci.sort_key LIMIT ? FOR UPDATE SKIP LOCKED",
                rs -> new StretchRow(rs.getLong(1), rs.getString(2), new int[]{rs.getInt(3)}),
                s.overlap(), s.id(), s.overlap(), s.overlap(), 2 * who.size() + 8);
        return new NextLeases(s, who, now, heldRows, stretch);
    }

    /** A queue row of the stretch {@link #leaseTogether} locks, with the room it has left (counted down as it grants). */
    private record StretchRow(long image, String candidates, int[] room) {
    }

    /** The next images of a batch's annotators: read by {@link #leaseTogether}, granted by {@link #grant}. */
    final class NextLeases {
        private final Settings s;
        private final List<Annotator> who;
        private final OffsetDateTime now;
        private final Sql.Script.Rows<Object[]> heldRows; // null: nothing to lease here
        private final Sql.Script.Rows<StretchRow> stretch;
        private final List<Long> images = new ArrayList<>();

        private NextLeases(Settings s, List<Annotator> who, OffsetDateTime now, Sql.Script.Rows<Object[]> heldRows,
                           Sql.Script.Rows<StretchRow> stretch) {
            this.s = s;
            this.who = who;
            this.now = now;
            this.heldRows = heldRows;
            this.stretch = stretch;
        }

        /** The images {@link #grant} leased, for the media the batch's last script reads with them. */
        List<Long> images() {
            return images;
        }

        /**
         * Once the reads have run: decides who gets which image, reading which of the stretch's images each has been
         * given before (a round trip per part of the stretch), and adds the leases' INSERT to {@code last}. The leases
         * of regular images are added to {@code counts}, which the caller applies (their queue rows are locked); a gold
         * image's lease is stored and counted at once.
         *
         * @return once {@code last} has run: a lease or null per annotator, in the order given
         */
        Supplier<List<Lease>> grant(Connection c, QueueCounts counts, Sql.Script last) throws SQLException {
            Lease[] out = new Lease[who.size()];
            if (heldRows == null) return () -> Arrays.asList(out);
            Map<String, Long> held = new HashMap<>();
            for (Object[] row : heldRows.get()) held.put((String) row[0], (Long) row[1]);
            List<Integer> regular = new ArrayList<>();
            for (int i = 0; i < who.size(); i++) {
                Annotator a = who.get(i);
                if (held.getOrDefault(a.name(), 0L) >= config.maxLeases()) continue;
                if (drawsGold(s)) {
                    out[i] = leaseGold(c, s, a, now);
                    if (out[i] != null) {
                        images.add(out[i].imageId());
                        held.merge(a.name(), 1L, Long::sum);
                        continue;
                    }
                }
                regular.add(i);
            }
            List<StretchRow> rows = stretch.get();
            if (regular.isEmpty() || rows.isEmpty()) return () -> Arrays.asList(out);
            List<Object[]> inserts = new ArrayList<>();
            record Granted(int at, long image, List<Long> shown) {
            }
            List<Granted> granted = new ArrayList<>();
            OffsetDateTime expires = now.plusSeconds(s.leaseSeconds());
            // Which of these images the annotators have been given before is read for a part of the stretch at a time:
            // the first rows whose room is twice what the annotators still waiting need, and the next part only for those
            // who found nothing there (reading it for the whole stretch at once read the assignments of three times as
            // many images as were leased).
            Set<String> given = new HashSet<>(); // "image annotator" pairs that exist already
            List<Integer> waiting = regular;
            for (int from = 0; !waiting.isEmpty() && from < rows.size(); ) {
                int to = from;
                for (long room = 0; to < rows.size() && room < 2L * waiting.size(); to++) room += Math.max(0, rows.get(to).room()[0]);
                List<StretchRow> part = rows.subList(from, to);
                List<Object> seenParams = new ArrayList<>(List.of(s.id()));
                String ofImages = Sql.in(true, "image_id", part.stream().map(StretchRow::image).toList(), seenParams);
                String ofAnnotators = Sql.in(true, "annotator", waiting.stream().map(i -> who.get(i).name()).distinct().toList(),
                        seenParams);
                given.addAll(Sql.list(c, "SELECT image_id, annotator FROM assignment WHERE campaign_id = ? AND " + ofImages
                        + " AND " + ofAnnotators, rs -> rs.getLong(1) + " " + rs.getString(2), seenParams.toArray()));
                List<Integer> stillWaiting = new ArrayList<>();
                for (int i : waiting) {
                    Annotator a = who.get(i);
                    if (held.getOrDefault(a.name(), 0L) >= config.maxLeases()) continue; // the same annotator twice in the list
                    StretchRow r = part.stream().filter(row -> row.room()[0] > 0 && !given.contains(row.image() + " " + a.name()))
                            .findFirst().orElse(null);
                    if (r == null) {
                        stillWaiting.add(i);
                        continue;
                    }
                    given.add(r.image() + " " + a.name());
                    r.room()[0]--;
                    held.merge(a.name(), 1L, Long::sum);
                    List<Long> shown = ShownOrder.shuffle(Sql.ids(r.candidates()), ThreadLocalRandom.current());
                    inserts.add(new Object[]{s.id(), r.image(), a.name(), a.accountId() == null ? Sql.NULL_LONG : a.accountId(),
                            shown.stream().map(String::valueOf).collect(Collectors.joining(" ")), now, expires});
                    granted.add(new Granted(i, r.image(), shown));
                    images.add(r.image());
                    counts.add(s.id(), r.image(), 0, 1);
                }
                waiting = stillWaiting;
                from = to;
            }
            Sql.Script.Rows<Long> ids = last.insertAll("assignment", "campaign_id, image_id, annotator, account_id, state, "
                    + "shown, leased_at, expires_at", "?, ?, ?, ?, 'LEASED', ?, ?, ?", inserts);
            return () -> {
                List<Long> got = ids.get();
                for (int k = 0; k < got.size(); k++) {
                    Granted g = granted.get(k);
                    out[g.at()] = new Lease(got.get(k), s.id(), s.datasetId(), g.image(), LEASED, g.shown(), now, expires);
                }
                return Arrays.asList(out);
            };
        }
    }

    /**
     * Changes of queue rows' counters ({@code judgments_done}, {@code leased}) made by a batch of the group commit, added
     * up per row and applied with one statement (sent with the batch's other counters, {@link Sql.Script}).
     */
    static final class QueueCounts {
        private final Map<List<Long>, int[]> byRow = new LinkedHashMap<>();

        void add(long campaignId, long imageId, int done, int leased) {
            int[] d = byRow.computeIfAbsent(List.of(campaignId, imageId), k -> new int[2]);
            d[0] += done;
            d[1] += leased;
        }

        void apply(Sql.Script script) throws SQLException {
            List<Object[]> rows = new ArrayList<>(byRow.size());
            byRow.forEach((row, d) -> rows.add(new Object[]{d[0], d[1], row.get(0), row.get(1)}));
            script.updateAll("UPDATE campaign_image ci SET judgments_done = ci.judgments_done + v.done, leased = ci.leased + v.leased "
                    + "FROM %s AS v (done, leased, campaign_id, image_id) "
                    + "WHERE ci.campaign_id = v.campaign_id AND ci.image_id = v.image_id",
                    "UPDATE campaign_image SET judgments_done = judgments_done + ?, leased = leased + ? "
                    + "WHERE campaign_id = ? AND image_id = ?", rows);
        }
    }

    private static final String NOT_SEEN = "AND NOT EXISTS (SELECT 1 FROM assignment a WHERE a.campaign_id = ci.campaign_id "
            + "AND a.image_id = ci.image_id AND a.annotator = ?) ";

    /**
     * The queue rows with room, as two conditions read one after the other (each takes the overlap twice): first the
     * rows judged fewer times than the overlap, a range of the queue index; then those that have room only because a
     * curator asked for more judgments ({@code extra_wanted}; on PostgreSQL a partial index, V13). The queue's order
     * is kept: the second rows come after every row of the first. As one condition, which no index bounds, a campaign
     * whose images were all judged made every lease read the whole queue (300 ms for 50,000 images), and hundreds of
     * annotators asking for images at the end of a campaign kept the database busy.
     */
    private static final List<String> ROOM = List.of(
            "AND ci.judgments_done < ? AND ci.judgments_done + ci.leased < ? + ci.extra_wanted ",
            "AND ci.extra_wanted > 0 AND ci.judgments_done >= ? AND ci.judgments_done + ci.leased < ? + ci.extra_wanted ");

    private static List<Long> available(Connection c, Settings s, Annotator who, int limit) throws SQLException {
        List<Long> out = new ArrayList<>();
        for (String room : ROOM) {
            if (out.size() >= limit) break;
            out.addAll(Sql.list(c, "SELECT ci.image_id FROM campaign_image ci WHERE ci.campaign_id = ? AND ci.gold = FALSE "
                            + room + NOT_SEEN + "ORDER BY ci.campaign_id, ci.gold, ci.judgments_done, ci.sort_key FETCH FIRST "
                            + (limit - out.size()) + " ROWS ONLY",
                    rs -> rs.getLong(1), s.id(), s.overlap(), s.overlap(), who.name()));
        }
        return out;
    }

    private Lease insertLease(Connection c, Settings s, long image, Annotator who, OffsetDateTime now) throws SQLException {
        String candidates = Sql.one(c, "SELECT candidates FROM campaign_image WHERE campaign_id = ? AND image_id = ?",
                rs -> rs.getString(1), s.id(), image);
        return insertLease(c, s, image, candidates, who, now);
    }

    /** Leases a queue row locked by the caller whose fixed candidate set ({@code candidates}) was read with it. */
    private Lease insertLease(Connection c, Settings s, long image, String candidates, Annotator who, OffsetDateTime now)
            throws SQLException {
        List<Long> shown = ShownOrder.shuffle(Sql.ids(candidates), ThreadLocalRandom.current());
        OffsetDateTime expires = now.plusSeconds(s.leaseSeconds());
        long id = Sql.insert(c, "INSERT INTO assignment (campaign_id, image_id, annotator, account_id, state, shown, "
                        + "leased_at, expires_at) VALUES (?, ?, ?, ?, 'LEASED', ?, ?, ?)",
                s.id(), image, who.name(), who.accountId() == null ? Sql.NULL_LONG : who.accountId(),
                shown.stream().map(String::valueOf).collect(Collectors.joining(" ")), now, expires);
        Sql.update(c, "UPDATE campaign_image SET leased = leased + 1 WHERE campaign_id = ? AND image_id = ?", s.id(), image);
        return new Lease(id, s.id(), s.datasetId(), image, LEASED, new ArrayList<>(shown), now, expires);
    }

    boolean postgres(Connection c) throws SQLException {
        Boolean pg = postgres;
        if (pg == null) {
            pg = Sql.postgres(c);
            postgres = pg;
        }
        return pg;
    }
}
