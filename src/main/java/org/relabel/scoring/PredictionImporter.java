package org.relabel.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.relabel.RelabelConfig;
import org.relabel.dataset.DatasetIndex;
import org.relabel.job.JobContext;
import org.relabel.upload.CountingInputStream;
import org.relabel.upload.CsvReader;
import org.relabel.upload.JsonLines;
import org.relabel.upload.UploadErrors;
import org.relabel.upload.Uploads;

/**
 * Imports predictions of models run elsewhere: CSV ({@code image, model, rank, label, probability})
 * or JSON Lines ({@code {"image", "model", "top": [{"label", "probability"}, ...]}}). Unknown models
 * are registered as {@code IMPORTED}; for a model that already had predictions, the images named in
 * the upload get exactly the uploaded ranks (their old predictions are replaced). Atomic: any bad
 * row rejects the whole upload with line and column.
 */
@ApplicationScoped
public class PredictionImporter {
    private static final int BATCH = 1000;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ObjectMapper mapper;
    @Inject
    RelabelConfig config;

    /** Upload formats. */
    public enum Format { CSV, JSONL }

    /** What an accepted upload did. */
    public record Result(long rows, long predictions, int models, long images) {
    }

    public Result importFile(long datasetId, Path file, Format format, JobContext ctx) {
        return Uploads.inTransaction(() -> {
            try (Connection c = dataSource.getConnection();
                 CountingInputStream counting = new CountingInputStream(Files.newInputStream(file));
                 Reader reader = Uploads.utf8(counting)) {
                long size = Math.max(1, Files.size(file));
                Writer writer = new Writer(c, datasetId, new UploadErrors(config.upload().maxReportedErrors()));
                long rows = format == Format.CSV ? readCsv(reader, writer) : readJsonLines(reader, writer, ctx, counting, size);
                writer.errors.throwIfAny();
                writer.flush();
                writer.updateTopK();
                return new Result(rows, writer.predictions, writer.models.size(), writer.imagesTouched());
            }
        });
    }

    private long readCsv(Reader reader, Writer w) throws IOException, SQLException {
        try (CsvReader csv = new CsvReader(reader)) {
            int imageCol = csv.requireColumn("image");
            int modelCol = csv.requireColumn("model");
            int rankCol = csv.requireColumn("rank");
            int labelCol = csv.requireColumn("label");
            int probCol = csv.requireColumn("probability");
            long rows = 0;
            CsvReader.Row row;
            while ((row = csv.next()) != null) {
                rows++;
                long line = row.line();
                Integer rank = null;
                String rawRank = Uploads.trim(row.get(rankCol));
                try {
                    rank = Integer.parseInt(rawRank);
                    if (rank < 1 || rank > 1000) throw new NumberFormatException();
                } catch (NumberFormatException e) {
                    w.errors.add(line, rankCol + 1, "rank", "'" + rawRank + "' is not a rank (an integer from 1)");
                }
                Double probability = w.probability(line, probCol + 1, Uploads.trim(row.get(probCol)));
                w.add(line, imageCol + 1, modelCol + 1, labelCol + 1, Uploads.trim(row.get(imageCol)),
                        Uploads.trim(row.get(modelCol)), rank, Uploads.trim(row.get(labelCol)), probability);
            }
            return rows;
        }
    }

    private long readJsonLines(Reader reader, Writer w, JobContext ctx, CountingInputStream counting, long size)
            throws IOException, SQLException {
        try (JsonLines lines = new JsonLines(reader, mapper)) {
            long rows = 0;
            JsonLines.Line line;
            while ((line = lines.next()) != null) {
                rows++;
                JsonNode json = line.json();
                String image = Uploads.trim(JsonLines.text(json, "image"));
                String model = Uploads.trim(JsonLines.text(json, "model"));
                JsonNode top = json.get("top");
                if (top == null || !top.isArray()) {
                    w.errors.add(line.number(), null, "top", "'top' must be an array of {\"label\", \"probability\"}");
                    continue;
                }
                int rank = 0;
                for (JsonNode entry : top) {
                    rank++;
                    String label = entry.isTextual() ? entry.asText() : Uploads.trim(JsonLines.text(entry, "label"));
                    JsonNode p = entry.get("probability");
                    Double probability = p == null || p.isNull() ? null
                            : p.isNumber() ? Double.valueOf(p.asDouble()) : w.probability(line.number(), null, p.asText());
                    if (probability != null && (probability < 0 || probability > 1 || probability.isNaN())) {
                        w.errors.add(line.number(), null, "probability", "probability " + probability + " is not in [0, 1]");
                        probability = null;
                    }
                    w.add(line.number(), null, null, null, image, model, rank, label, probability);
                }
                if (rows % 2000 == 0 && ctx != null) ctx.progress((double) counting.count() / size, rows + " lines read");
            }
            return rows;
        }
    }

    /** Validates rows and writes them in batches; stops writing (but keeps validating) at the first error. */
    private static final class Writer {
        final UploadErrors errors;
        final Map<String, Long> models = new HashMap<>();
        private final Set<Long> modelsWithOldPredictions = new HashSet<>();
        private final Map<Long, Set<Long>> seen = new HashMap<>();
        private final Set<Long> replaced = new HashSet<>();
        private final Connection c;
        private final long datasetId;
        private final DatasetIndex index;
        private final PreparedStatement insert;
        private final PreparedStatement delete;
        private int pending;
        long predictions;

        Writer(Connection c, long datasetId, UploadErrors errors) throws SQLException {
            this.c = c;
            this.datasetId = datasetId;
            this.errors = errors;
            this.index = DatasetIndex.load(c, datasetId, true);
            try (PreparedStatement ps = c.prepareStatement("SELECT m.id, m.name, (SELECT COUNT(*) FROM prediction p "
                    + "WHERE p.model_id = m.id) FROM model m WHERE m.dataset_id = ?")) {
                ps.setLong(1, datasetId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        models.put(rs.getString(2), rs.getLong(1));
                        if (rs.getLong(3) > 0) modelsWithOldPredictions.add(rs.getLong(1));
                    }
                }
            }
            insert = c.prepareStatement("INSERT INTO prediction (model_id, image_id, label_rank, class_id, probability) "
                    + "VALUES (?, ?, ?, ?, ?)");
            delete = c.prepareStatement("DELETE FROM prediction WHERE model_id = ? AND image_id = ?");
        }

        Double probability(long line, Integer column, String raw) {
            if (raw.isEmpty()) return null;
            try {
                double p = Double.parseDouble(raw);
                if (Double.isNaN(p) || p < 0 || p > 1) throw new NumberFormatException();
                return p;
            } catch (NumberFormatException e) {
                errors.add(line, column, "probability", "'" + raw + "' is not a probability in [0, 1]");
                return null;
            }
        }

        void add(long line, Integer imageCol, Integer modelCol, Integer labelCol, String image, String model,
                 Integer rank, String label, Double probability) throws SQLException {
            Long imageId = index.imageId(image);
            Long classId = index.classId(label);
            boolean ok = rank != null;
            if (image.isEmpty() || imageId == null) {
                errors.add(line, imageCol, "image", image.isEmpty() ? "empty image key" : "unknown image '" + image + "'");
                ok = false;
            }
            if (model.isEmpty() || model.length() > 200) {
                errors.add(line, modelCol, "model", model.isEmpty() ? "empty model name" : "model name longer than 200 characters");
                ok = false;
            }
            if (label.isEmpty() || classId == null) {
                errors.add(line, labelCol, "label", label.isEmpty() ? "empty label" : "unknown class '" + label + "'");
                ok = false;
            }
            if (!ok) return;
            Long modelId = models.get(model);
            if (modelId == null) {
                modelId = createModel(model);
                models.put(model, modelId);
            }
            long pair = imageId * 1024 + rank;
            if (!seen.computeIfAbsent(modelId, k -> new HashSet<>()).add(pair)) {
                errors.add(line, labelCol, "rank", "duplicate rank " + rank + " of model '" + model + "' for image '" + image + "'");
                return;
            }
            if (errors.any()) return;
            if (modelsWithOldPredictions.contains(modelId) && replaced.add(modelId * 0x100000000L + imageId)) {
                delete.setLong(1, modelId);
                delete.setLong(2, imageId);
                delete.executeUpdate();
            }
            insert.setLong(1, modelId);
            insert.setLong(2, imageId);
            insert.setInt(3, rank);
            insert.setLong(4, classId);
            if (probability == null) insert.setNull(5, Types.DOUBLE); else insert.setDouble(5, probability);
            insert.addBatch();
            predictions++;
            if (++pending >= BATCH) flush();
        }

        private long createModel(String name) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO model (dataset_id, name, format, top_k, created_at) "
                    + "VALUES (?, ?, ?, ?, ?)", new String[]{"id"})) {
                ps.setLong(1, datasetId);
                ps.setString(2, name);
                ps.setString(3, Model.IMPORTED);
                ps.setInt(4, 5);
                ps.setTimestamp(5, Timestamp.from(Instant.now()));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        }

        long imagesTouched() {
            Set<Long> images = new HashSet<>();
            seen.values().forEach(s -> s.forEach(p -> images.add(p / 1024)));
            return images.size();
        }

        /** Records the deepest rank each model now has. */
        void updateTopK() throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("UPDATE model SET top_k = (SELECT COALESCE(MAX(p.label_rank), 5) "
                    + "FROM prediction p WHERE p.model_id = model.id) WHERE dataset_id = ? AND format = ?")) {
                ps.setLong(1, datasetId);
                ps.setString(2, Model.IMPORTED);
                ps.executeUpdate();
            }
        }

        void flush() throws SQLException {
            insert.executeBatch();
            pending = 0;
        }
    }
}
