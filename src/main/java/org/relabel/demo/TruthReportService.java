package org.relabel.demo;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.relabel.annotation.Judgment;
import org.relabel.annotation.domain.StoredAnswers;
import org.relabel.audit.Predictions;
import org.relabel.audit.ReviewedLabels;
import org.relabel.audit.domain.FindingKind;
import org.relabel.audit.domain.ModelPredictions;
import org.relabel.consensus.domain.Aggregator;
import org.relabel.consensus.domain.ImageResponse;
import org.relabel.consensus.domain.JudgmentSet;
import org.relabel.dataset.Dataset;
import org.relabel.demo.domain.TruthReport;
import org.relabel.demo.domain.TruthReport.Labels;
import org.relabel.demo.domain.TruthReport.TruthImage;
import org.relabel.demo.world.DemoVocabulary;
import org.relabel.web.ProblemException;

/**
 * Computes the truth report of a demo dataset from what is stored: the hidden truth ({@code demo_truth}), the
 * findings, the stored consensus with curators' decisions ({@link ReviewedLabels}), the models' top-1 predictions,
 * and the judgments, which are aggregated again here with every {@link Aggregator} so that methods are compared on
 * the same judgments: once on those the stored consensus used (judgments of paused annotators left out), and once
 * on all of them.
 */
@ApplicationScoped
public class TruthReportService {
    /** The judgments the stored consensus used: paused annotators' excluded judgments left out. */
    public static final String INCLUDED = "included";
    /** Every judgment, paused annotators' too. */
    public static final String ALL = "all";
    /** The method name of the stored labels in the report. */
    public static final String STORED = "stored consensus with reviews";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ReviewedLabels reviewed;
    @Inject
    Predictions predictions;

    /**
     * The report.
     *
     * @param dataset      dataset key
     * @param planted      the planted failures
     * @param findings     finding kinds scored as detectors of the planted failures
     * @param consensus    consensus against the truth: the stored labels first, then each method on the included
     *                     judgments, then (when some were excluded) on all judgments
     * @param models       each model's accuracy against original labels, consensus and truth
     * @param judgments    the judgments behind it
     */
    public record Report(String dataset, TruthReport.Planted planted, List<TruthReport.Detection> findings,
                         List<TruthReport.Aggregation> consensus, List<TruthReport.ModelAccuracy> models,
                         JudgmentFigures judgments) {
    }

    /**
     * Judgment counts.
     *
     * @param total      judgments stored
     * @param excluded   judgments left out of consensus (their annotator was paused)
     * @param annotators distinct annotators
     * @param simulated  judgments of the simulated crowd
     * @param paused     annotators paused in the dataset's campaigns (not reinstated)
     */
    public record JudgmentFigures(long total, long excluded, long annotators, long simulated, List<String> paused) {
    }

    /** Whether the dataset has a hidden truth (it was made by the demo setup). */
    public boolean hasTruth(long datasetId) {
        return query("SELECT COUNT(*) FROM demo_truth WHERE dataset_id = ?", rs -> rs.next() && rs.getLong(1) > 0,
                datasetId);
    }

    /** The report of a demo dataset; 404 for a dataset without hidden truth. */
    public Report report(Dataset ds) {
        List<TruthImage> truth = truth(ds.id);
        if (truth.isEmpty()) throw ProblemException.notFound("Demo truth of dataset '" + ds.key + "'");
        Map<String, Set<FindingKind>> findings = findings(ds.id);
        Map<String, Labels> stored = new HashMap<>();
        QuarkusTransaction.requiringNew().timeout(3600).run(() -> reviewed.forEach(ds.id, e -> {
            if (e.valid() != null && !e.excludedFromMetrics()) stored.put(e.image(), new Labels(e.valid(), e.main()));
        }));
        Loaded judgments = judgments(ds.id);

        List<TruthReport.Detection> detections = List.of(
                TruthReport.detection("label-error", FindingKind.LABEL_ERROR.name(), truth, TruthImage::labelError,
                        flagged(findings, FindingKind.LABEL_ERROR)),
                TruthReport.detection("multiple-objects", FindingKind.MULTIPLE_OBJECTS.name(), truth,
                        TruthImage::multiObject, flagged(findings, FindingKind.MULTIPLE_OBJECTS)));
        List<TruthReport.Aggregation> consensus = new ArrayList<>();
        consensus.add(TruthReport.labels(STORED, INCLUDED, truth, stored));
        consensus.addAll(TruthReport.aggregate(truth, judgments.included(), INCLUDED, Aggregator.all()));
        if (judgments.figures().excluded() > 0) {
            consensus.addAll(TruthReport.aggregate(truth, judgments.all(), ALL, Aggregator.all()));
        }
        Map<String, Map<String, String>> top1 = new LinkedHashMap<>();
        for (ModelPredictions m : predictions.load(ds.id, 1)) {
            Map<String, String> p = new HashMap<>();
            m.topK().forEach((image, ranked) -> {
                if (!ranked.isEmpty()) p.put(image, ranked.get(0).label());
            });
            top1.put(m.model(), p);
        }
        return new Report(ds.key, TruthReport.planted(truth), detections, consensus,
                TruthReport.models(truth, top1, stored), judgments.figures());
    }

    private static Set<String> flagged(Map<String, Set<FindingKind>> findings, FindingKind kind) {
        Set<String> out = new HashSet<>();
        findings.forEach((image, kinds) -> {
            if (kinds.contains(kind)) out.add(image);
        });
        return out;
    }

    private List<TruthImage> truth(long datasetId) {
        return query("SELECT i.image_key, oc.class_key, t.present, t.main_label, t.background FROM demo_truth t "
                + "JOIN image i ON i.id = t.image_id JOIN dataset_class oc ON oc.id = i.original_class_id "
                + "WHERE t.dataset_id = ? ORDER BY i.image_key", rs -> {
                    List<TruthImage> out = new ArrayList<>();
                    while (rs.next()) {
                        String main = rs.getString(4);
                        boolean preferred = DemoVocabulary.contains(main)
                                && DemoVocabulary.byKey(main).preferredBackground().key().equals(rs.getString(5));
                        out.add(new TruthImage(rs.getString(1), rs.getString(2),
                                new LinkedHashSet<>(Arrays.asList(rs.getString(3).trim().split(" "))), main, preferred));
                    }
                    return out;
                }, datasetId);
    }

    /** Every finding (open or resolved) by image key. */
    private Map<String, Set<FindingKind>> findings(long datasetId) {
        return query("SELECT i.image_key, f.kind FROM finding f JOIN image i ON i.id = f.image_id WHERE f.dataset_id = ?",
                rs -> {
                    Map<String, Set<FindingKind>> out = new HashMap<>();
                    while (rs.next()) {
                        try {
                            out.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(FindingKind.valueOf(rs.getString(2)));
                        } catch (IllegalArgumentException unknownKind) {
                            // a kind of a newer version: not scored here
                        }
                    }
                    return out;
                }, datasetId);
    }

    private record Loaded(JudgmentSet included, JudgmentSet all, JudgmentFigures figures) {
    }

    /**
     * The dataset's judgments as per-image responses (shown labels in display order, the ones answered yes, the
     * main label), into two sets: without and with the excluded ones.
     */
    private Loaded judgments(long datasetId) {
        Map<Long, String> classKeys = query("SELECT id, class_key FROM dataset_class WHERE dataset_id = ?", rs -> {
            Map<Long, String> out = new HashMap<>();
            while (rs.next()) out.put(rs.getLong(1), rs.getString(2));
            return out;
        }, datasetId);
        String sql = "SELECT i.image_key, j.annotator, mc.class_key, j.shown, j.excluded, j.none_apply, j.unclear, "
                + "j.millis, j.source, j.answers FROM judgment j JOIN image i ON i.id = j.image_id "
                + "LEFT JOIN dataset_class mc ON mc.id = j.main_class_id WHERE j.dataset_id = ? ORDER BY j.id";
        JudgmentSet.Builder included = JudgmentSet.builder();
        JudgmentSet.Builder all = JudgmentSet.builder();
        long[] counts = new long[3];
        Set<String> annotators = new HashSet<>();
        query(sql, rs -> {
            while (rs.next()) {
                int millis = rs.getInt(8);
                Long ms = rs.wasNull() ? null : (long) millis;
                Object[] row = {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBoolean(5), rs.getBoolean(6), rs.getBoolean(7), ms, rs.getString(9)};
                Map<String, Short> answers = new LinkedHashMap<>();
                StoredAnswers.decode(rs.getString(10)).forEach((label, a) -> answers.put(classKeys.get(label), a));
                add(row, answers, included, all, counts, annotators);
            }
            return null;
        }, datasetId);
        List<String> paused = query("SELECT DISTINCT p.annotator FROM annotator_pause p JOIN campaign c ON c.id = p.campaign_id "
                + "WHERE c.dataset_id = ? AND p.reinstated_at IS NULL ORDER BY p.annotator", rs -> {
                    List<String> out = new ArrayList<>();
                    while (rs.next()) out.add(rs.getString(1));
                    return out;
                }, datasetId);
        return new Loaded(included.build(), all.build(),
                new JudgmentFigures(counts[0], counts[1], annotators.size(), counts[2], paused));
    }

    private static void add(Object[] row, Map<String, Short> answers, JudgmentSet.Builder included,
                            JudgmentSet.Builder all, long[] counts, Set<String> annotators) {
        String image = (String) row[0];
        String annotator = (String) row[1];
        String main = (String) row[2];
        String shownText = (String) row[3];
        boolean excluded = (Boolean) row[4];
        boolean noneApply = (Boolean) row[5];
        boolean unclear = (Boolean) row[6];
        Long millis = (Long) row[7];
        List<String> shown = new ArrayList<>();
        if (shownText != null && !shownText.isBlank()) {
            for (String k : shownText.trim().split(" ")) if (answers.containsKey(k) && !shown.contains(k)) shown.add(k);
        }
        for (String k : answers.keySet()) if (!shown.contains(k)) shown.add(k);
        Set<String> selected = new LinkedHashSet<>();
        for (String k : shown) if (answers.get(k) == Judgment.YES) selected.add(k);
        if (main != null && !shown.contains(main)) main = null;
        ImageResponse r = new ImageResponse(image, annotator, shown, selected, main, unclear,
                noneApply && selected.isEmpty(), millis, null);
        all.add(r);
        if (!excluded) included.add(r);
        counts[0]++;
        if (excluded) counts[1]++;
        if (Judgment.SIMULATED.equals(row[8])) counts[2]++;
        annotators.add(annotator);
    }

    private interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> T query(String sql, Reader<T> reader, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                return reader.read(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
