package org.relabel.consensus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.relabel.annotation.Judgment;
import org.relabel.annotation.domain.StoredAnswers;
import org.relabel.consensus.domain.AggregationParams;
import org.relabel.consensus.domain.Aggregator;
import org.relabel.consensus.domain.Agreement;
import org.relabel.consensus.domain.Answer;
import org.relabel.consensus.domain.AnnotatorQuality;
import org.relabel.consensus.domain.ConsensusResult;
import org.relabel.consensus.domain.ImageConsensus;
import org.relabel.consensus.domain.ImageResponse;
import org.relabel.consensus.domain.JudgmentSet;
import org.relabel.dataset.DatasetIndex;
import org.relabel.job.JobContext;
import org.relabel.web.ProblemException;

/**
 * Aggregates a dataset's judgments into consensus: streams them from the database into a
 * {@link JudgmentSet} (primitive arrays), runs the chosen {@link Aggregator}, measures annotators
 * and agreement, and replaces the stored consensus in one transaction.
 */
@ApplicationScoped
public class ConsensusService {
    /** Aggregation methods offered by the API; "majority" and "dawid-skene" are the documented ones. */
    public static final List<String> METHODS = List.of("dawid-skene", "majority", "selection-frequency", "one-coin-dawid-skene");

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ObjectMapper mapper;
    @Inject
    Event<ConsensusUpdated> updated;

    /** What a run produced, stored as the job's result and in {@code consensus_run}. */
    public record RunSummary(String method, double threshold, int images, int judgments, int annotators, long answers,
                             int iterations, boolean converged, Double fleissKappa, Double krippendorffAlpha,
                             long imagesWithValidLabels, long multipleObjects, int spammers) {
    }

    /** Validated aggregation request. */
    public record Request(String method, Double threshold) {
        public Request normalised() {
            String m = method == null || method.isBlank() ? "dawid-skene" : method.trim();
            if (!METHODS.contains(m)) {
                throw ProblemException.badRequest("unknown method '" + m + "'; use one of " + METHODS);
            }
            double t = threshold == null ? Aggregator.byName(m).defaultParams().threshold() : threshold;
            if (!(t > 0 && t <= 1)) throw ProblemException.badRequest("threshold must be in (0, 1]");
            return new Request(m, t);
        }
    }

    public RunSummary aggregate(long datasetId, Request request, JobContext ctx) {
        Request r = request.normalised();
        ctx.progress(0.02, "loading judgments");
        Loaded loaded = load(datasetId);
        JudgmentSet data = loaded.data();
        ctx.checkCancelled();
        ctx.progress(0.3, "aggregating " + data.answerCount() + " answers with " + r.method());
        Aggregator aggregator = Aggregator.byName(r.method());
        AggregationParams params = aggregator.defaultParams().withThreshold(r.threshold());
        ConsensusResult result = aggregator.aggregate(data, params);
        ctx.checkCancelled();
        ctx.progress(0.6, "measuring annotators and agreement");
        List<AnnotatorQuality> quality = AnnotatorQuality.assess(data, result);
        double kappa = Agreement.fleissKappa(data);
        double alpha = Agreement.krippendorffAlphaMasi(data);
        ctx.progress(0.75, "storing consensus of " + result.images().size() + " images");
        long valid = result.images().stream().filter(i -> !i.validLabels().isEmpty()).count();
        long multiple = result.images().stream().filter(ImageConsensus::multipleObjects).count();
        int spammers = (int) quality.stream().filter(AnnotatorQuality::spammer).count();
        RunSummary summary = new RunSummary(r.method(), r.threshold(), result.images().size(), data.responseCount(),
                data.annotatorCount(), data.answerCount(), result.iterations(), result.converged(),
                finite(kappa), finite(alpha), valid, multiple, spammers);
        QuarkusTransaction.requiringNew().timeout(3600).run(() -> store(datasetId, r, result, quality, summary, loaded));
        ctx.progress(0.9, "updating what depends on the consensus");
        updated.fire(new ConsensusUpdated(datasetId));
        ctx.progress(1.0, "consensus of " + summary.images() + " images");
        return summary;
    }

    /** The judgments of a dataset and the main-label vote shares per image. */
    record Loaded(JudgmentSet data, Map<String, Map<String, Double>> mainShares, DatasetIndex index) {
    }

    /**
     * Streams every non-excluded judgment. A judgment with an "unsure" answer (ReaL-style imports)
     * enters as per-label answers; others as per-image responses with main label and time.
     */
    Loaded load(long datasetId) {
        String sql = "SELECT j.id, i.image_key, j.annotator, j.main_class_id, j.millis, j.unclear, j.none_apply, j.shown, "
                + "j.answers FROM judgment j JOIN image i ON i.id = j.image_id "
                + "WHERE j.dataset_id = ? AND j.excluded = FALSE ORDER BY j.id";
        JudgmentSet.Builder builder = JudgmentSet.builder();
        Map<String, Map<String, Integer>> mainVotes = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            DatasetIndex index = DatasetIndex.load(c, datasetId, false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, datasetId);
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long main = rs.getLong(4);
                        Long mainId = rs.wasNull() ? null : main;
                        int millis = rs.getInt(5);
                        Long ms = rs.wasNull() ? null : (long) millis;
                        new Row(rs.getString(2), rs.getString(3), mainId, ms, rs.getBoolean(6), rs.getBoolean(7),
                                rs.getString(8), StoredAnswers.decode(rs.getString(9))).addTo(builder, index, mainVotes);
                    }
                }
            }
            Map<String, Map<String, Double>> shares = new HashMap<>();
            mainVotes.forEach((image, votes) -> {
                int total = votes.values().stream().mapToInt(Integer::intValue).sum();
                Map<String, Double> s = new TreeMap<>();
                votes.forEach((label, n) -> s.put(label, (double) n / total));
                shares.put(image, s);
            });
            return new Loaded(builder.build(), shares, index);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One judgment read from the database. */
    private record Row(String image, String annotator, Long mainClassId, Long millis, boolean unclear, boolean noneApply,
                       String shown, Map<Long, Short> answers) {
        void addTo(JudgmentSet.Builder builder, DatasetIndex index, Map<String, Map<String, Integer>> mainVotes) {
            boolean perLabel = answers.containsValue(Judgment.MAYBE);
            if (perLabel) {
                answers.forEach((classId, answer) -> builder.add(image, index.classKey(classId), annotator,
                        Answer.ofCode(answer == Judgment.YES ? Answer.YES.code() : answer == Judgment.NO
                                ? Answer.NO.code() : Answer.MAYBE.code())));
                return;
            }
            Set<String> order = new LinkedHashSet<>();
            if (shown != null && !shown.isBlank()) {
                for (String k : shown.split(" ")) order.add(k);
            }
            List<String> shownList = new ArrayList<>();
            Set<String> selected = new LinkedHashSet<>();
            Map<String, Short> byKey = new HashMap<>();
            answers.forEach((classId, answer) -> byKey.put(index.classKey(classId), answer));
            for (String k : order) if (byKey.containsKey(k)) shownList.add(k);
            for (String k : byKey.keySet()) if (!order.contains(k)) shownList.add(k);
            for (String k : shownList) if (byKey.get(k) == Judgment.YES) selected.add(k);
            String main = mainClassId == null ? null : index.classKey(mainClassId);
            if (main != null && !shownList.contains(main)) main = null;
            if (main != null) mainVotes.computeIfAbsent(image, k -> new HashMap<>()).merge(main, 1, Integer::sum);
            builder.add(new ImageResponse(image, annotator, shownList, selected, main, unclear,
                    noneApply && selected.isEmpty(), millis, null));
        }
    }

    private void store(long datasetId, Request r, ConsensusResult result, List<AnnotatorQuality> quality,
                       RunSummary summary, Loaded loaded) {
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = dataSource.getConnection()) {
            // one replacement of a dataset's consensus at a time, across job threads and instances: lock the dataset row
            try (PreparedStatement lock = c.prepareStatement("SELECT id FROM dataset WHERE id = ? FOR UPDATE")) {
                lock.setLong(1, datasetId);
                lock.executeQuery().close();
            }
            Map<String, Long> imageIds = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, image_key FROM image WHERE dataset_id = ?")) {
                ps.setLong(1, datasetId);
                ps.setFetchSize(5000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) imageIds.put(rs.getString(2), rs.getLong(1));
                }
            }
            exec(c, "DELETE FROM image_consensus WHERE dataset_id = ?", datasetId);
            exec(c, "DELETE FROM annotator_quality WHERE dataset_id = ?", datasetId);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO image_consensus (image_id, dataset_id, method, "
                    + "valid_labels, main_class_id, objects, confidence, judgments, labels, computed_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int n = 0;
                for (ImageConsensus ic : result.images()) {
                    Long imageId = imageIds.get(ic.image());
                    if (imageId == null) continue;
                    ps.setLong(1, imageId);
                    ps.setLong(2, datasetId);
                    ps.setString(3, r.method());
                    ps.setString(4, String.join(" ", ic.validLabels()));
                    Long main = ic.mainLabel() == null ? null : loaded.index().classId(ic.mainLabel());
                    if (main == null) ps.setNull(5, Types.BIGINT); else ps.setLong(5, main);
                    ps.setInt(6, ic.objects());
                    if (Double.isFinite(ic.confidence())) ps.setDouble(7, ic.confidence()); else ps.setNull(7, Types.DOUBLE);
                    ps.setInt(8, ic.judgments());
                    ps.setString(9, labelsJson(ic, loaded.mainShares().getOrDefault(ic.image(), Map.of())));
                    ps.setTimestamp(10, now);
                    ps.addBatch();
                    if (++n % 1000 == 0) ps.executeBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO annotator_quality (dataset_id, annotator, judgments, "
                    + "gold_n, gold_accuracy, agreement, sensitivity, specificity, median_seconds, spammer) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (AnnotatorQuality q : quality) {
                    ps.setLong(1, datasetId);
                    ps.setString(2, q.annotator());
                    ps.setInt(3, q.images());
                    ps.setInt(4, q.goldAnswers());
                    setDouble(ps, 5, q.goldAccuracy());
                    setDouble(ps, 6, q.agreement());
                    setDouble(ps, 7, q.sensitivity());
                    setDouble(ps, 8, q.specificity());
                    setDouble(ps, 9, q.medianSeconds());
                    ps.setBoolean(10, q.spammer());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO consensus_run (dataset_id, method, params, images, "
                    + "judgments, annotators, fleiss_kappa, krippendorff_alpha, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, datasetId);
                ps.setString(2, r.method());
                ps.setString(3, mapper.writeValueAsString(result.params()));
                ps.setInt(4, summary.images());
                ps.setInt(5, summary.judgments());
                ps.setInt(6, summary.annotators());
                setDouble(ps, 7, summary.fleissKappa() == null ? Double.NaN : summary.fleissKappa());
                setDouble(ps, 8, summary.krippendorffAlpha() == null ? Double.NaN : summary.krippendorffAlpha());
                ps.setTimestamp(9, now);
                ps.executeUpdate();
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String labelsJson(ImageConsensus ic, Map<String, Double> mainShares) throws JsonProcessingException {
        Map<String, Map<String, Object>> labels = new TreeMap<>();
        ic.selectionFrequency().forEach((label, sf) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sf", round(sf));
            m.put("shown", ic.shown().getOrDefault(label, 0));
            Double score = ic.score().get(label);
            if (score != null && Double.isFinite(score)) m.put("score", round(score));
            Double share = mainShares.get(label);
            if (share != null) m.put("main", round(share));
            labels.put(label, m);
        });
        return mapper.writeValueAsString(labels);
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static void setDouble(PreparedStatement ps, int i, double v) throws SQLException {
        if (Double.isFinite(v)) ps.setDouble(i, v); else ps.setNull(i, Types.DOUBLE);
    }

    private static void exec(Connection c, String sql, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }
}
