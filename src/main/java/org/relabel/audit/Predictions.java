package org.relabel.audit;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.relabel.audit.domain.ModelPredictions;
import org.relabel.audit.domain.RankedLabel;

/** Reads stored predictions into the audit domain's {@link ModelPredictions}. */
@ApplicationScoped
public class Predictions {
    @Inject
    AgroalDataSource dataSource;

    /**
     * Every model of the dataset (by name; models without predictions too) with its first {@code maxRank}
     * ranked labels per image.
     */
    public List<ModelPredictions> load(long datasetId, int maxRank) {
        Map<String, Map<String, List<RankedLabel>>> byModel = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM model WHERE dataset_id = ? ORDER BY name")) {
                ps.setLong(1, datasetId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) byModel.put(rs.getString(1), new HashMap<>());
                }
            }
            String sql = "SELECT m.name, i.image_key, c.class_key, p.probability FROM prediction p "
                    + "JOIN model m ON m.id = p.model_id JOIN image i ON i.id = p.image_id "
                    + "JOIN dataset_class c ON c.id = p.class_id "
                    + "WHERE m.dataset_id = ? AND p.label_rank <= ? ORDER BY m.name, i.image_key, p.label_rank";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, datasetId);
                ps.setInt(2, maxRank);
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    Map<String, List<RankedLabel>> current = null;
                    String currentModel = null;
                    while (rs.next()) {
                        String model = rs.getString(1);
                        if (!model.equals(currentModel)) {
                            currentModel = model;
                            current = byModel.get(model);
                        }
                        double p = rs.getDouble(4);
                        current.computeIfAbsent(rs.getString(2), k -> new ArrayList<>(maxRank))
                                .add(new RankedLabel(rs.getString(3), rs.wasNull() ? 0.0 : p));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        List<ModelPredictions> out = new ArrayList<>(byModel.size());
        byModel.forEach((name, topK) -> out.add(new ModelPredictions(name, topK)));
        return out;
    }

    /** One image's predictions: model name to its first {@code maxRank} ranked labels (models by name). */
    public Map<String, List<RankedLabel>> forImage(long imageId, int maxRank) {
        String sql = "SELECT m.name, c.class_key, p.probability FROM prediction p JOIN model m ON m.id = p.model_id "
                + "JOIN dataset_class c ON c.id = p.class_id WHERE p.image_id = ? AND p.label_rank <= ? "
                + "ORDER BY m.name, p.label_rank";
        Map<String, List<RankedLabel>> out = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, imageId);
            ps.setInt(2, maxRank);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double p = rs.getDouble(3);
                    out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new RankedLabel(rs.getString(2), rs.wasNull() ? 0.0 : p));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
