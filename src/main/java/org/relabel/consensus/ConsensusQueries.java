package org.relabel.consensus;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.relabel.annotation.domain.StoredAnswers;
import org.relabel.dataset.Dataset;
import org.relabel.dataset.DatasetCounter;
import org.relabel.dataset.DatasetIndex;
import org.relabel.dataset.DatasetQueries;
import org.relabel.dataset.Image;

/** Reads stored consensus, annotator quality and judgments for the API, pages and other features. */
@ApplicationScoped
public class ConsensusQueries implements DatasetCounter {
    private static final TypeReference<Map<String, LabelStats>> LABELS = new TypeReference<>() {
    };

    private static final String SELECT_CONSENSUS = "SELECT i.image_key, oc.class_key, ic.judgments, ic.labels, "
            + "ic.valid_labels, mc.class_key, ic.objects, ic.confidence, ic.method FROM image_consensus ic "
            + "JOIN image i ON i.id = ic.image_id JOIN dataset_class oc ON oc.id = i.original_class_id "
            + "LEFT JOIN dataset_class mc ON mc.id = ic.main_class_id ";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ObjectMapper mapper;

    /** Per label of an image: selection frequency, times shown, model score (DS posterior) and main-label vote share. */
    public record LabelStats(double sf, int shown, Double score, Double main) {
    }

    /** The consensus of one image. */
    public record ImageView(String image, String originalLabel, int judgments, Map<String, LabelStats> labels,
                            List<String> valid, String main, int objects, Double confidence, String method) {
    }

    /** A keyset page; pass {@code next} as {@code after}. */
    public record Page(List<ImageView> images, String next) {
    }

    /** One annotator's measured quality. */
    public record AnnotatorView(String annotator, int judgments, int goldN, Double goldAccuracy, Double agreement,
                                Double sensitivity, Double specificity, Double medianSeconds, boolean spammer) {
    }

    /** One stored judgment as curators see it. */
    public record JudgmentView(String annotator, String source, List<String> shown, List<String> present,
                               List<String> unsure, String main, boolean noneApply, boolean unclear, Integer millis,
                               boolean excluded) {
    }

    public Page page(long datasetId, String after, int limit) {
        String sql = SELECT_CONSENSUS + "WHERE ic.dataset_id = ? " + (after == null ? "" : "AND i.image_key > ? ")
                + "ORDER BY i.image_key";
        List<ImageView> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, datasetId);
            if (after != null) ps.setString(2, after);
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(view(rs));
            }
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new Page(out, out.size() == limit ? out.get(out.size() - 1).image() : null);
    }

    public List<AnnotatorView> annotators(long datasetId) {
        String sql = "SELECT annotator, judgments, gold_n, gold_accuracy, agreement, sensitivity, specificity, "
                + "median_seconds, spammer FROM annotator_quality WHERE dataset_id = ? ORDER BY annotator";
        List<AnnotatorView> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, datasetId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AnnotatorView(rs.getString(1), rs.getInt(2), rs.getInt(3), nullable(rs, 4),
                            nullable(rs, 5), nullable(rs, 6), nullable(rs, 7), nullable(rs, 8), rs.getBoolean(9)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** The individual judgments of an image (for curators); each one's labels in class key order. */
    public List<JudgmentView> judgments(long imageId) {
        String sql = "SELECT j.id, j.annotator, j.source, j.shown, mc.class_key, j.none_apply, j.unclear, j.millis, j.excluded, "
                + "j.answers, j.dataset_id FROM judgment j LEFT JOIN dataset_class mc ON mc.id = j.main_class_id "
                // the dataset too, so that ix_judgment_image (dataset_id, image_id) finds them
                + "WHERE j.dataset_id = (SELECT dataset_id FROM image WHERE id = ?) AND j.image_id = ? ORDER BY j.id";
        List<JudgmentView> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, imageId);
            ps.setLong(2, imageId);
            DatasetIndex index = null;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (index == null) index = DatasetIndex.load(c, rs.getLong(11), false);
                    int millis = rs.getInt(8);
                    Integer ms = rs.wasNull() ? null : millis;
                    String shown = rs.getString(4);
                    List<String> present = new ArrayList<>();
                    List<String> unsure = new ArrayList<>();
                    for (Map.Entry<Long, Short> a : StoredAnswers.decode(rs.getString(10)).entrySet()) {
                        if (a.getValue() == org.relabel.annotation.Judgment.YES) present.add(index.classKey(a.getKey()));
                        if (a.getValue() == org.relabel.annotation.Judgment.MAYBE) unsure.add(index.classKey(a.getKey()));
                    }
                    present.sort(null);
                    unsure.sort(null);
                    out.add(new JudgmentView(rs.getString(2), rs.getString(3),
                            shown == null || shown.isBlank() ? List.of() : Arrays.asList(shown.split(" ")),
                            present, unsure, rs.getString(5), rs.getBoolean(6), rs.getBoolean(7), ms, rs.getBoolean(9)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }


    @Override
    public Map<String, Long> counts(long datasetId) {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            counts.put("judgments", count(c, "SELECT COUNT(*) FROM judgment WHERE dataset_id = ?", datasetId));
            counts.put("imagesWithConsensus", count(c, "SELECT COUNT(*) FROM image_consensus WHERE dataset_id = ?", datasetId));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return counts;
    }

    private static long count(Connection c, String sql, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private ImageView view(ResultSet rs) throws SQLException, com.fasterxml.jackson.core.JsonProcessingException {
        String valid = rs.getString(5);
        return new ImageView(rs.getString(1), rs.getString(2), rs.getInt(3), mapper.readValue(rs.getString(4), LABELS),
                valid.isBlank() ? List.of() : Arrays.asList(valid.split(" ")), rs.getString(6), rs.getInt(7),
                nullable(rs, 8), rs.getString(9));
    }

    private static Double nullable(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? null : v;
    }

    /** The image detail section "consensus". */
    @ApplicationScoped
    public static class ConsensusSection implements DatasetQueries.ImageDetailContributor {
        @Inject
        ConsensusQueries queries;

        @Override
        public String section() {
            return "consensus";
        }

        @Override
        public Object detail(Dataset dataset, Image image) {
            return queries.one(image.id);
        }
    }

    /** The image detail section "judgments": every individual judgment, for curators and researchers. */
    @ApplicationScoped
    public static class JudgmentsSection implements DatasetQueries.ImageDetailContributor {
        @Inject
        ConsensusQueries queries;

        @Override
        public String section() {
            return "judgments";
        }

        @Override
        public Object detail(Dataset dataset, Image image) {
            return queries.judgments(image.id);
        }
    }

    /** The stored consensus of one image by id, or null. */
    public ImageView one(long imageId) {
        String sql = SELECT_CONSENSUS + "WHERE ic.image_id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, imageId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? view(rs) : null;
            }
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
