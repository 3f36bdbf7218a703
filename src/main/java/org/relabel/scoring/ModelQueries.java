package org.relabel.scoring;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.relabel.audit.domain.Proportion;
import org.relabel.dataset.Dataset;
import org.relabel.dataset.DatasetCounter;
import org.relabel.dataset.DatasetQueries;
import org.relabel.dataset.Image;

/** Models of a dataset with their accuracy against original labels, and predictions per image. */
@ApplicationScoped
public class ModelQueries implements DatasetCounter, DatasetQueries.ImageDetailContributor {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ModelRegistry registry;

    /**
     * A model as listed: how many images it scored and its accuracy vs original labels (95% Wilson intervals);
     * {@code outputMapping} says how outputs map to classes ({@code index} column or {@code synset} file; null
     * for imported predictions).
     */
    public record ModelView(String name, String format, int topK, String outputMapping, long scoredImages,
                            Proportion top1, Proportion top5) {
    }

    /** One ranked label of a prediction. */
    public record RankedLabel(int rank, String label, Double probability) {
    }

    public List<ModelView> models(long datasetId) {
        String sql = "SELECT m.name, m.format, m.top_k, m.artifact_path, "
                + "(SELECT COUNT(DISTINCT p.image_id) FROM prediction p WHERE p.model_id = m.id), "
                + "(SELECT COUNT(*) FROM prediction p JOIN image i ON i.id = p.image_id "
                + "  WHERE p.model_id = m.id AND p.label_rank = 1 AND p.class_id = i.original_class_id), "
                + "(SELECT COUNT(DISTINCT p.image_id) FROM prediction p JOIN image i ON i.id = p.image_id "
                + "  WHERE p.model_id = m.id AND p.label_rank <= 5 AND p.class_id = i.original_class_id) "
                + "FROM model m WHERE m.dataset_id = ? ORDER BY m.name";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, datasetId);
            List<ModelView> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long n = rs.getLong(5);
                    out.add(new ModelView(rs.getString(1), rs.getString(2), rs.getInt(3),
                            registry.outputMapping(rs.getString(2), rs.getString(4)), n,
                            n == 0 ? null : Proportion.wilson(rs.getLong(6), n),
                            n == 0 ? null : Proportion.wilson(rs.getLong(7), n)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Map<String, Long> counts(long datasetId) {
        return Map.of("models", Model.count("datasetId", datasetId));
    }

    @Override
    public String section() {
        return "predictions";
    }

    /** Every model's top-k for one image: model name to ranked labels. */
    @Override
    public Object detail(Dataset dataset, Image image) {
        String sql = "SELECT m.name, p.label_rank, c.class_key, p.probability FROM prediction p "
                + "JOIN model m ON m.id = p.model_id JOIN dataset_class c ON c.id = p.class_id "
                + "WHERE p.image_id = ? ORDER BY m.name, p.label_rank";
        Map<String, List<RankedLabel>> byModel = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, image.id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double p = rs.getDouble(4);
                    Double probability = rs.wasNull() ? null : p; // wasNull refers to the last column read
                    byModel.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new RankedLabel(rs.getInt(2), rs.getString(3), probability));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return byModel;
    }
}
