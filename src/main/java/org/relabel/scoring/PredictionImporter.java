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
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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
 *
 * <p>How it stays fast (500,000 rows in seconds, see docs/performance.md): rows are validated against
 * in-memory key maps and buffered in primitive columns ({@link PredictionRows}, up to
 * {@code relabel.scoring.import-chunk-rows} rows, so a bad file is rejected before anything is written), then written in primary-key order by
 * {@link PredictionWriter} (COPY on PostgreSQL, multi-row INSERTs on H2), all in one transaction.
 */
@ApplicationScoped
public class PredictionImporter {
    /** Share of the progress bar for reading and validating; the rest is writing. */
    private static final double READ_SHARE = 0.4;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ObjectMapper mapper;
    @Inject
    RelabelConfig config;
    @Inject
    ScoringConfig scoring;

    /** Upload formats. */
    public enum Format { CSV, JSONL }

    /**
     * What an accepted upload did.
     *
     * @param rows        CSV records or JSON lines read
     * @param predictions ranked predictions stored
     * @param models      models named in the upload
     * @param images      distinct images that received predictions
     */
    public record Result(long rows, long predictions, int models, long images) {
    }

    public Result importFile(long datasetId, Path file, Format format, JobContext ctx) {
        return Uploads.inTransaction(() -> {
            try (Connection c = dataSource.getConnection();
                 CountingInputStream counting = new CountingInputStream(Files.newInputStream(file));
                 Reader reader = Uploads.utf8(counting);
                 PredictionWriter writer = new PredictionWriter(c, datasetId)) {
                Rows rows = new Rows(DatasetIndex.load(c, datasetId, true), writer, Math.max(1, scoring.importChunkRows()),
                        new UploadErrors(config.upload().maxReportedErrors()), ctx, counting, Math.max(1, Files.size(file)));
                long read = format == Format.CSV ? readCsv(reader, rows) : readJsonLines(reader, rows);
                rows.errors.throwIfAny();
                rows.flush();
                updateTopK(c, writer.models());
                return new Result(read, rows.written, rows.modelsNamed(), rows.images.size());
            }
        });
    }

    private long readCsv(Reader reader, Rows w) throws IOException, SQLException {
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
                int rank = -1;
                String rawRank = Uploads.trim(row.get(rankCol));
                try {
                    rank = Integer.parseInt(rawRank);
                    if (rank < 1 || rank > 1000) throw new NumberFormatException();
                } catch (NumberFormatException e) {
                    w.errors.add(line, rankCol + 1, "rank", "'" + rawRank + "' is not a rank (an integer from 1 to 1000)");
                    rank = -1;
                }
                double probability = w.probability(line, probCol + 1, Uploads.trim(row.get(probCol)));
                w.add(line, imageCol + 1, modelCol + 1, labelCol + 1, Uploads.trim(row.get(imageCol)),
                        Uploads.trim(row.get(modelCol)), rank, Uploads.trim(row.get(labelCol)), probability);
                if ((rows & 0xfff) == 0) w.reading(rows);
            }
            return rows;
        }
    }

    private long readJsonLines(Reader reader, Rows w) throws IOException, SQLException {
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
                if (top.size() > 1000) {
                    w.errors.add(line.number(), null, "top", "'top' has " + top.size() + " entries; at most 1000 ranks are kept");
                    continue;
                }
                int rank = 0;
                for (JsonNode entry : top) {
                    rank++;
                    String label = entry.isTextual() ? entry.asText() : Uploads.trim(JsonLines.text(entry, "label"));
                    JsonNode p = entry.get("probability");
                    double probability = p == null || p.isNull() ? Double.NaN
                            : p.isNumber() ? w.checked(line.number(), p.asDouble()) : w.probability(line.number(), null, p.asText());
                    w.add(line.number(), null, null, null, image, model, rank, label, probability);
                }
                if ((rows & 0x3ff) == 0) w.reading(rows);
            }
            return rows;
        }
    }

    /** Records the deepest rank each imported model of the upload now has. */
    private static void updateTopK(Connection c, List<PredictionWriter.ImportModel> models) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE model SET top_k = (SELECT COALESCE(MAX(p.label_rank), 5) "
                + "FROM prediction p WHERE p.model_id = model.id) WHERE id = ? AND format = ?")) {
            for (PredictionWriter.ImportModel m : models) {
                if (m.id == null || !m.touched) continue;
                ps.setLong(1, m.id);
                ps.setString(2, Model.IMPORTED);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Validates rows and buffers them; writes full chunks while the upload is still clean, and keeps
     * validating (without writing) after the first error so the client sees many problems at once.
     */
    private static final class Rows {
        final UploadErrors errors;
        final LongHashSet images = new LongHashSet(1 << 14);
        private final DatasetIndex index;
        private final PredictionWriter writer;
        private final PredictionRows buffer = new PredictionRows();
        private final int chunk;
        /** Per model position: the (image, rank) pairs seen, as image id * 1024 + rank. */
        private final List<LongHashSet> seen = new ArrayList<>();
        private final JobContext ctx;
        private final CountingInputStream counting;
        private final long size;
        private String lastModel;
        private int lastModelIndex = -1;
        long written;
        private long total;

        Rows(DatasetIndex index, PredictionWriter writer, int chunk, UploadErrors errors, JobContext ctx,
             CountingInputStream counting, long size) {
            this.index = index;
            this.chunk = chunk;
            this.writer = writer;
            this.errors = errors;
            this.ctx = ctx;
            this.counting = counting;
            this.size = size;
        }

        /** A probability in [0, 1], {@code NaN} for an empty field or an error (recorded). */
        double probability(long line, Integer column, String raw) {
            if (raw.isEmpty()) return Double.NaN;
            try {
                double p = Double.parseDouble(raw);
                if (Double.isNaN(p) || p < 0 || p > 1) throw new NumberFormatException();
                return p;
            } catch (NumberFormatException e) {
                errors.add(line, column, "probability", "'" + raw + "' is not a probability in [0, 1]");
                return Double.NaN;
            }
        }

        double checked(long line, double p) {
            if (p < 0 || p > 1 || Double.isNaN(p)) {
                errors.add(line, null, "probability", "probability " + p + " is not in [0, 1]");
                return Double.NaN;
            }
            return p;
        }

        /** {@code rank} is -1 when it was invalid (already reported). */
        void add(long line, Integer imageCol, Integer modelCol, Integer labelCol, String image, String model,
                 int rank, String label, double probability) throws SQLException {
            Long imageId = index.imageId(image);
            Long classId = index.classId(label);
            boolean ok = rank > 0;
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
            int m = modelIndex(model);
            if (!seen.get(m).add(imageId * 1024 + rank)) {
                errors.add(line, labelCol, "rank", "duplicate rank " + rank + " of model '" + model + "' for image '" + image + "'");
                return;
            }
            images.add(imageId);
            total++;
            if (errors.any()) return;
            buffer.add(m, imageId, rank, classId, probability);
            if (buffer.size() >= chunk) flush();
        }

        private int modelIndex(String model) {
            if (model.equals(lastModel)) return lastModelIndex;
            int m = writer.model(model);
            while (seen.size() <= m) seen.add(null);
            if (seen.get(m) == null) seen.set(m, new LongHashSet(1 << 12));
            writer.models().get(m).touched = true;
            lastModel = model;
            lastModelIndex = m;
            return m;
        }

        int modelsNamed() {
            return (int) seen.stream().filter(s -> s != null).count();
        }

        /** Progress while reading: the share of bytes read; cancellation is honoured here. */
        void reading(long rows) {
            if (ctx == null) return;
            ctx.checkCancelled();
            ctx.progress(READ_SHARE * Math.min(1, (double) counting.count() / size),
                    rows + " rows read" + (errors.any() ? ", " + errors.count() + " errors" : ""));
        }

        void flush() throws SQLException {
            if (buffer.size() == 0) return;
            long before = written;
            long expected = Math.max(total, 1);
            writer.write(buffer, n -> {
                if (ctx != null) {
                    ctx.progress(READ_SHARE + (1 - READ_SHARE) * Math.min(1, (double) (before + n) / expected),
                            (before + n) + " of " + total + " predictions stored");
                }
            });
            written += buffer.size();
            buffer.clear();
        }
    }
}
