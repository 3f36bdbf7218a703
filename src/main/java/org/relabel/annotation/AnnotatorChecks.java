package org.relabel.annotation;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.relabel.account.AnnotatorPauses;
import org.relabel.account.AntiSpamConfig;
import org.relabel.account.SpamRules;
import org.relabel.annotation.domain.GoldCheck;
import org.relabel.annotation.domain.JudgmentRules;

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
    /** Times of the crowd: the newest this many judgments of the campaign. */
    static final int CROWD_SAMPLE = 2000;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    AnnotatorPauses pauses;
    @Inject
    AntiSpamConfig config;

    /** Called after a new judgment was committed; pauses the annotator when a rule fires. */
    public Optional<AnnotatorPauses.PauseView> afterJudgment(long campaignId, Annotator who, long judgment) {
        if (!config.enabled()) return Optional.empty();
        SpamRules.Stats stats = QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                long judgments = Sql.count(c, "SELECT COUNT(*) FROM judgment WHERE campaign_id = ? AND annotator = ?",
                        campaignId, who.name());
                boolean gold = Sql.count(c, "SELECT COUNT(*) FROM judgment j JOIN campaign_image ci "
                        + "ON ci.campaign_id = j.campaign_id AND ci.image_id = j.image_id WHERE j.id = ? AND ci.gold = TRUE",
                        judgment) > 0;
                if (!gold && judgments % config.checkEvery() != 0) return null;
                return stats(c, campaignId, who.name(), (int) judgments);
            } catch (SQLException e) {
                throw new Sql.DataException(e);
            }
        });
        return stats == null ? Optional.empty() : pauses.evaluate(who.name(), campaignId, stats);
    }

    /** The annotator's figures in one campaign. */
    SpamRules.Stats stats(Connection c, long campaignId, String annotator, int judgments) throws SQLException {
        record Gold(long judgment, Long main, Set<Long> present, Long goldMain) {
        }
        List<Gold> golds = Sql.list(c, "SELECT j.id, j.main_class_id, g.present, g.main_class_id FROM judgment j "
                        + "JOIN campaign_gold g ON g.campaign_id = j.campaign_id AND g.image_id = j.image_id "
                        + "WHERE j.campaign_id = ? AND j.annotator = ?",
                rs -> new Gold(rs.getLong(1), rs.getObject(2, Long.class), new HashSet<>(Sql.ids(rs.getString(3))),
                        rs.getObject(4, Long.class)), campaignId, annotator);
        Map<Long, Set<Long>> shown = new HashMap<>();
        Map<Long, Set<Long>> selected = new HashMap<>();
        for (Gold g : golds) {
            for (long[] a : Sql.list(c, "SELECT class_id, answer FROM judgment_answer WHERE judgment_id = ?",
                    rs -> new long[]{rs.getLong(1), rs.getShort(2)}, g.judgment())) {
                shown.computeIfAbsent(g.judgment(), k -> new HashSet<>()).add(a[0]);
                if (a[1] == JudgmentRules.YES) selected.computeIfAbsent(g.judgment(), k -> new HashSet<>()).add(a[0]);
            }
        }
        int correct = 0;
        for (Gold g : golds) {
            if (GoldCheck.correct(shown.getOrDefault(g.judgment(), Set.of()), selected.getOrDefault(g.judgment(), Set.of()),
                    g.main(), g.present(), g.goldMain())) {
                correct++;
            }
        }
        List<Integer> own = Sql.list(c, "SELECT millis FROM judgment WHERE campaign_id = ? AND annotator = ? "
                + "AND millis IS NOT NULL", rs -> rs.getInt(1), campaignId, annotator);
        List<Integer> crowd = Sql.list(c, "SELECT millis FROM judgment WHERE campaign_id = ? AND millis IS NOT NULL "
                + "ORDER BY id DESC FETCH FIRST " + CROWD_SAMPLE + " ROWS ONLY", rs -> rs.getInt(1), campaignId);
        return new SpamRules.Stats(judgments, golds.size(), correct, seconds(GoldCheck.median(own)),
                seconds(GoldCheck.median(new ArrayList<>(crowd))));
    }

    private static Double seconds(Double millis) {
        return millis == null ? null : millis / 1000.0;
    }
}
