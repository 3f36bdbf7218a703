package org.relabel.audit;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.relabel.audit.domain.Accuracy;
import org.relabel.audit.domain.AnnotatorPoint;
import org.relabel.audit.domain.DatasetFigures;
import org.relabel.audit.domain.Histogram;
import org.relabel.audit.domain.ImageLabels;
import org.relabel.audit.domain.MetricsCalculator;
import org.relabel.audit.domain.ModelMetrics;
import org.relabel.audit.domain.ModelPredictions;
import org.relabel.audit.domain.ObjectsBucket;
import org.relabel.audit.domain.Proportion;
import org.relabel.audit.domain.ReviewStatus;
import org.relabel.web.ProblemException;

/**
 * Model metrics and dataset figures over the reviewed labels ({@link ReviewedLabels}) with
 * {@link MetricsCalculator}; the JSON views of the metrics API.
 */
@ApplicationScoped
public class MetricsService {
    @Inject
    ReviewedLabels reviewed;
    @Inject
    Predictions predictions;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    MetricsCache cache;

    /** The domain results behind a metrics response. */
    public record Computed(List<ModelMetrics> models, DatasetFigures figures, Map<ReviewStatus, Long> statuses) {
    }

    /**
     * The metrics of every model (or only {@code model}) over the reviewed labels; computed again only when
     * the dataset's data changed since the last call ({@link MetricsCache}).
     */
    public Computed compute(long datasetId, String model) {
        return cache.get(datasetId, model, null, () -> {
            List<ModelPredictions> selected = select(datasetId, model);
            List<ImageLabels> images = new ArrayList<>();
            reviewed.forEach(datasetId, e -> images.add(e.toImageLabels()));
            return compute(images, selected);
        });
    }

    /**
     * Computes the metrics of every model (or only {@code model}) against the labels of a frozen release (its images
     * carry the release's labels and the review status behind each image's release status).
     */
    public Computed compute(long datasetId, String model, ReleaseLabelSource.Frozen release) {
        return compute(release.images(), select(datasetId, model));
    }

    private List<ModelPredictions> select(long datasetId, String model) {
        List<ModelPredictions> all = predictions.load(datasetId, MetricsCalculator.TOP_K);
        List<ModelPredictions> selected = model == null || model.isBlank() ? all
                : all.stream().filter(m -> m.model().equals(model)).toList();
        if (selected.isEmpty() && model != null && !model.isBlank()) {
            throw ProblemException.notFound("Model '" + model + "'");
        }
        return selected;
    }

    private static Computed compute(List<ImageLabels> images, List<ModelPredictions> selected) {
        Map<ReviewStatus, Long> statuses = new EnumMap<>(ReviewStatus.class);
        for (ReviewStatus s : ReviewStatus.values()) statuses.put(s, 0L);
        for (ImageLabels i : images) statuses.merge(i.status(), 1L, Long::sum);
        MetricsCalculator calculator = new MetricsCalculator();
        return new Computed(calculator.metrics(images, selected), calculator.datasetFigures(images, selected), statuses);
    }

    /** Annotator quality points for the chart: annotators with a measured agreement and median time. */
    public List<AnnotatorPoint> annotatorPoints(long datasetId) {
        List<AnnotatorPoint> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT annotator, median_seconds, agreement, judgments, spammer FROM annotator_quality "
                        + "WHERE dataset_id = ? AND median_seconds IS NOT NULL AND agreement IS NOT NULL ORDER BY annotator")) {
            ps.setLong(1, datasetId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double agreement = Math.max(0, Math.min(1, rs.getDouble(3)));
                    out.add(new AnnotatorPoint(rs.getString(1), Math.max(0, rs.getDouble(2)), agreement, rs.getLong(4),
                            rs.getBoolean(5)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    // ---------------------------------------------------------------- JSON views

    /** A proportion with its 95% Wilson interval; absent (null) when there are no observations. */
    public record ProportionView(long successes, long n, double value, double lo, double hi) {
        public static ProportionView of(Proportion p) {
            return p == null || !p.isDefined() ? null : new ProportionView(p.successes(), p.n(), p.value(), p.lo(), p.hi());
        }
    }

    /** The four accuracies. */
    public record AccuracyView(ProportionView top1, ProportionView top5, ProportionView mainLabel, ProportionView anyValid) {
        public static AccuracyView of(Accuracy a) {
            return new AccuracyView(ProportionView.of(a.top1()), ProportionView.of(a.top5()),
                    ProportionView.of(a.mainLabel()), ProportionView.of(a.anyValid()));
        }
    }

    /** One model's metrics. */
    public record ModelView(String model, long images, long withPrediction, long withoutPrediction, AccuracyView overall,
                            Map<String, AccuracyView> byObjects, Map<String, AccuracyView> byClass,
                            ProportionView errorsJudgedValid) {
        public static ModelView of(ModelMetrics m) {
            Map<String, AccuracyView> objects = new LinkedHashMap<>();
            for (ObjectsBucket b : ObjectsBucket.values()) objects.put(bucketKey(b), AccuracyView.of(m.inBucket(b)));
            Map<String, AccuracyView> classes = new LinkedHashMap<>();
            m.byClass().forEach((c, a) -> classes.put(c, AccuracyView.of(a)));
            return new ModelView(m.model(), m.images(), m.withPrediction(), m.withoutPrediction(), AccuracyView.of(m.overall()),
                    objects, classes, ProportionView.of(m.errorsJudgedValid()));
        }
    }

    /** The API key of an objects bucket: "1", "2", "3+". */
    public static String bucketKey(ObjectsBucket b) {
        return switch (b) {
            case ONE -> "1";
            case TWO -> "2";
            case THREE_OR_MORE -> "3+";
        };
    }

    /** One histogram bin. */
    public record BinView(double lo, double hi, long count) {
    }

    /** A histogram of selection frequencies; {@code mean} null when empty. */
    public record HistogramView(long total, Double mean, List<BinView> bins) {
        public static HistogramView of(Histogram h) {
            List<BinView> bins = new ArrayList<>();
            for (int i = 0; i < h.bins(); i++) bins.add(new BinView(h.binLower(i), h.binUpper(i), h.counts().get(i)));
            return new HistogramView(h.total(), Double.isNaN(h.mean()) ? null : h.mean(), bins);
        }
    }

    /** Dataset-level figures. */
    public record FiguresView(long images, long excluded, long withConsensus, ProportionView multipleObjects,
                              ProportionView originalNotValid, ProportionView originalNotMain,
                              HistogramView originalLabelSf, Map<String, HistogramView> predictionSf,
                              Map<ReviewStatus, Long> reviewStatus) {
        public static FiguresView of(DatasetFigures f, Map<ReviewStatus, Long> statuses) {
            Map<String, HistogramView> models = new LinkedHashMap<>();
            f.top1SfByModel().forEach((m, h) -> models.put(m, HistogramView.of(h)));
            return new FiguresView(f.images(), f.excluded(), f.withConsensus(), ProportionView.of(f.multipleObjects()),
                    ProportionView.of(f.originalNotValid()), ProportionView.of(f.originalNotMain()),
                    HistogramView.of(f.originalLabelSf()), models, statuses);
        }
    }

    /**
     * The metrics response.
     *
     * @param release the release whose labels were used; {@code null}: the current reviewed labels
     */
    public record MetricsView(String dataset, String release, String labels, List<ModelView> models, FiguresView figures) {
        public static MetricsView of(String dataset, Computed c) {
            return of(dataset, null, c);
        }

        /** The view of metrics against {@code release} ({@code null}: the current reviewed labels). */
        public static MetricsView of(String dataset, String release, Computed c) {
            return new MetricsView(dataset, release, release == null ? "reviewed" : "release",
                    c.models().stream().map(ModelView::of).toList(), FiguresView.of(c.figures(), c.statuses()));
        }
    }
}
