package org.relabel.annotation;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.relabel.account.AnnotatorPauses;
import org.relabel.account.AntiSpamConfig;
import org.relabel.account.SpamRules;
import org.relabel.annotation.domain.GoldCheck;
import org.relabel.annotation.domain.JudgmentRules;
import org.relabel.annotation.domain.StoredAnswers;

/**
 * Applies the anti-spam rules ({@link SpamRules}: accuracy on gold images, speed against the crowd) to
 * annotators while they work: after each answer to a gold image and after every
 * {@code relabel.antispam.check-every}-th judgment of an annotator in a campaign, their figures in that campaign are computed and {@link AnnotatorPauses}
 * decides whether to pause them there. A paused annotator gets no more images of the campaign, and
 * (with {@code relabel.antispam.exclude-judgments}) their judgments are left out of consensus until a
 * curator reinstates them.
 */
@ApplicationScoped
public class AnnotatorChecks {
    /** The annotator's own times: their newest this many judgments in the campaign. */
    static final int OWN_SAMPLE = 200;
    /** Times of the crowd: the newest this many judgments of the campaign. */
    static final int CROWD_SAMPLE = 2000;
    /** The crowd sample is taken from this many newest judgments of all campaigns. */
    static final int CROWD_WINDOW = 50_000;
    /** How long a campaign's crowd median is reused. */
    static final int CROWD_REFRESH_SECONDS = 30;

    private final Map<Long, CrowdTime> crowdTimes = new ConcurrentHashMap<>();
    /** Judgments stored by this instance per campaign and annotator, and their newest times (see {@link #due}). */
    private final Map<Key, Recent> stored = new ConcurrentHashMap<>();

    @Inject
    AgroalDataSource dataSource;
    @Inject
    AnnotatorPauses pauses;
    @Inject
    AntiSpamConfig config;

    /**
     * Records a judgment just stored and says whether a check is due: after every answer to a gold image, and after
     * every {@code relabel.antispam.check-every}-th judgment of the annotator in the campaign that this instance
     * stored (counted in memory: counting the annotator's judgments in the database cost more than the rest of a
     * submission once an annotator has thousands; with several instances, or after a restart, a check comes at
     * most check-every judgments late per instance). The time taken is kept for the speed rule (the newest
     * {@value #OWN_SAMPLE} per campaign and annotator).
     */
    boolean due(long campaignId, Annotator who, boolean gold, Integer millis) {
        if (!config.enabled()) return false;
        long n = stored.computeIfAbsent(new Key(campaignId, who.name()), k -> new Recent(sample())).add(millis);
        return gold || n % Math.max(1, config.checkEvery()) == 0;
    }

    private int sample() {
        return Math.max(OWN_SAMPLE, config.minJudgmentsForSpeed());
    }

    private record Key(long campaignId, String annotator) {
    }

    /**
     * Forgets annotators who stored nothing through this instance for {@value #IDLE_HOURS} hours (about 1 KB each):
     * their next check reads their times from the database again, and comes at most check-every judgments late.
     */
    @Scheduled(every = "1h", delayed = "1h")
    void forgetIdle() {
        long before = System.nanoTime() - TimeUnit.HOURS.toNanos(IDLE_HOURS);
        stored.values().removeIf(r -> r.usedAt() < before);
    }

    static final int IDLE_HOURS = 6;

    /** How many judgments of one annotator in one campaign this instance stored, and the newest times among them. */
    private static final class Recent {
        private final int[] times;
        private int filled;
        private int next;
        private long count;
        private volatile long usedAt = System.nanoTime();

        Recent(int size) {
            times = new int[size];
        }

        long usedAt() {
            return usedAt;
        }

        synchronized long add(Integer millis) {
            usedAt = System.nanoTime();
            if (millis != null) {
                times[next] = millis;
                next = (next + 1) % times.length;
                filled = Math.min(filled + 1, times.length);
            }
            return ++count;
        }

        synchronized List<Integer> times() {
            List<Integer> out = new ArrayList<>(filled);
            for (int i = 0; i < filled; i++) out.add(times[i]);
            return out;
        }
    }

    /** Checks the annotator's figures in the campaign (after {@link #due} said so); pauses them when a rule fires. */
    public Optional<AnnotatorPauses.PauseView> check(long campaignId, Annotator who) {
        if (!config.enabled()) return Optional.empty();
        // reads only, so no transaction of its own (its commit cost as much as the reads); a pause is written by
        // AnnotatorPauses in one
        SpamRules.Stats stats;
        try (Connection c = dataSource.getConnection()) {
            stats = stats(c, campaignId, who.name());
        } catch (SQLException e) {
            throw new Sql.DataException(e);
        }
        return pauses.evaluate(who.name(), campaignId, stats);
    }

    /**
     * The annotator's figures in one campaign: every gold answer, and the times of their newest judgments (at
     * least {@value #OWN_SAMPLE}, or {@code min-judgments-for-speed} if more; {@code judgments} counts those read).
     */
    SpamRules.Stats stats(Connection c, long campaignId, String annotator) throws SQLException {
        record Gold(Long main, Map<Long, Short> answers, Set<Long> present, Long goldMain) {
        }
        // through ix_judgment_campaign (campaign_id, image_id), one probe per gold image: without that index
        // PostgreSQL reads every judgment of the annotator in the campaign (2.3-2.7 ms per check against 0.05 ms in
        // the annotation benchmark, whose annotators hold about a thousand judgments each)
        List<Gold> golds = Sql.list(c, "SELECT j.main_class_id, j.answers, g.present, g.main_class_id FROM judgment j "
                        + "JOIN campaign_gold g ON g.campaign_id = j.campaign_id AND g.image_id = j.image_id "
                        + "WHERE j.campaign_id = ? AND j.annotator = ?",
                rs -> new Gold(rs.getObject(1, Long.class), StoredAnswers.decode(rs.getString(2)),
                        new HashSet<>(Sql.ids(rs.getString(3))), rs.getObject(4, Long.class)), campaignId, annotator);
        int correct = 0;
        for (Gold g : golds) {
            Set<Long> selected = new HashSet<>();
            g.answers().forEach((label, answer) -> {
                if (answer == JudgmentRules.YES) selected.add(label);
            });
            if (GoldCheck.correct(g.answers().keySet(), selected, g.main(), g.present(), g.goldMain())) {
                correct++;
            }
        }
        // the times of the newest judgments this instance stored; when it has too few of them (after a restart, or
        // when other instances took most of the annotator's work), the newest in the database, through
        // ix_judgment_campaign_annotator (campaign, annotator, created_at) read backwards (a millisecond per read)
        Recent recent = stored.get(new Key(campaignId, annotator));
        List<Integer> own = recent == null ? List.of() : recent.times();
        int judgments = own.size();
        if (own.size() < config.minJudgmentsForSpeed()) {
            List<Integer> newest = Sql.list(c, "SELECT millis FROM judgment WHERE campaign_id = ? AND annotator = ? "
                    + "ORDER BY campaign_id DESC, annotator DESC, created_at DESC FETCH FIRST " + sample() + " ROWS ONLY",
                    rs -> (Integer) rs.getObject(1, Integer.class), campaignId, annotator);
            judgments = newest.size();
            own = newest.stream().filter(Objects::nonNull).collect(Collectors.toList());
        }
        return new SpamRules.Stats(judgments, golds.size(), correct, seconds(GoldCheck.median(new ArrayList<>(own))),
                seconds(crowdMedian(c, campaignId)));
    }

    /**
     * Median time of the crowd's newest {@value #CROWD_SAMPLE} judgments in the campaign (among the newest
     * {@value #CROWD_WINDOW} judgments stored, so that an idle campaign has no sample), in milliseconds; read at
     * most every {@value #CROWD_REFRESH_SECONDS} seconds per campaign (it moves slowly, and reading 2,000 rows on
     * every check would cost more than the rest of a judgment).
     */
    private Double crowdMedian(Connection c, long campaignId) throws SQLException {
        CrowdTime cached = crowdTimes.get(campaignId);
        long now = System.nanoTime();
        if (cached != null && now - cached.readAt() < CROWD_REFRESH_SECONDS * 1_000_000_000L) return cached.medianMillis();
        // Among the newest CROWD_WINDOW judgments of all campaigns, by a range of the primary key ("campaign_id + 0"
        // keeps H2 off the campaign index, through which it read and sorted every judgment of the campaign:
        // seconds at a million judgments).
        long newest = Sql.count(c, "SELECT COALESCE(MAX(id), 0) FROM judgment");
        List<Integer> crowd = Sql.list(c, "SELECT millis FROM judgment WHERE id > ? AND campaign_id + 0 = ? "
                + "AND millis IS NOT NULL ORDER BY id DESC FETCH FIRST " + CROWD_SAMPLE + " ROWS ONLY",
                rs -> rs.getInt(1), newest - CROWD_WINDOW, campaignId);
        Double median = GoldCheck.median(new ArrayList<>(crowd));
        // a campaign's first judgments are not cached: the crowd's median settles once there are some
        if (crowd.size() >= CROWD_SAMPLE / 10) crowdTimes.put(campaignId, new CrowdTime(now, median));
        return median;
    }

    private record CrowdTime(long readAt, Double medianMillis) {
    }

    private static Double seconds(Double millis) {
        return millis == null ? null : millis / 1000.0;
    }
}
