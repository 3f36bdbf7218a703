package org.relabel.annotation;

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
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.relabel.RelabelConfig;
import org.relabel.annotation.domain.StoredAnswers;
import org.relabel.dataset.DatasetIndex;
import org.relabel.job.JobContext;
import org.relabel.upload.CountingInputStream;
import org.relabel.upload.CsvReader;
import org.relabel.upload.JsonLines;
import org.relabel.upload.UploadErrors;
import org.relabel.upload.Uploads;

/**
 * Imports judgments collected elsewhere (Mechanical Turk, a published study) so that their crowd
 * can be aggregated and audited here. Two formats (DESIGN.md section 8):
 * <ul>
 *   <li>CSV, one answer per label (ReaL style): {@code image, label, annotator, answer} with answer
 *       {@code yes}/{@code no}/{@code maybe}; the rows of one (image, annotator) form one judgment whose
 *       shown labels are the labels that annotator rated, in file order;</li>
 *   <li>JSON Lines, one response per image (CLASSIFY style):
 *       {@code {"image", "annotator"?, "selected": [keys], "main"?: key, "shown"?: [keys]}}: selected labels
 *       are answered yes, shown but unselected no. Without {@code shown}, every label anyone selected for
 *       that image counts as shown; without {@code annotator}, each line is its own anonymous annotator.</li>
 * </ul>
 * Atomic: any bad line rejects the whole upload with line and column; nothing is stored.
 */
@ApplicationScoped
public class JudgmentImporter {
    private static final int BATCH = 1000;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ObjectMapper mapper;
    @Inject
    RelabelConfig config;

    /** Upload formats. */
    public enum Format { CSV, JSONL }

    /** What an accepted upload stored. */
    public record Result(long rows, long judgments, long answers, long annotators, long images) {
    }

    /** One judgment being assembled: image, annotator, main label, labels in shown order with answers. */
    private static final class Pending {
        final long imageId;
        final String annotator;
        Long mainClassId;
        boolean noneApply;
        final LinkedHashMap<Long, Short> answers = new LinkedHashMap<>();
        List<Long> shown;
        Set<Long> selected;

        Pending(long imageId, String annotator) {
            this.imageId = imageId;
            this.annotator = annotator;
        }
    }

    public Result importFile(long datasetId, Path file, Format format, String jobId, JobContext ctx) {
        return Uploads.inTransaction(() -> {
            try (Connection c = dataSource.getConnection();
                 CountingInputStream counting = new CountingInputStream(Files.newInputStream(file));
                 Reader reader = Uploads.utf8(counting)) {
                DatasetIndex index = DatasetIndex.load(c, datasetId, true);
                UploadErrors errors = new UploadErrors(config.upload().maxReportedErrors());
                Map<String, Pending> pending = new LinkedHashMap<>();
                long size = Math.max(1, Files.size(file));
                long rows = format == Format.CSV
                        ? readCsv(reader, index, errors, pending, ctx, counting, size)
                        : readJsonLines(reader, index, errors, pending, jobId, ctx, counting, size);
                errors.throwIfAny();
                if (format == Format.JSONL) completeShown(pending.values());
                return write(c, datasetId, jobId, index, pending.values(), rows, ctx);
            }
        });
    }

    private long readCsv(Reader reader, DatasetIndex index, UploadErrors errors, Map<String, Pending> pending,
                         JobContext ctx, CountingInputStream counting, long size) throws IOException {
        try (CsvReader csv = new CsvReader(reader)) {
            int imageCol = csv.requireColumn("image");
            int labelCol = csv.requireColumn("label");
            int annotatorCol = csv.requireColumn("annotator");
            int answerCol = csv.requireColumn("answer");
            long rows = 0;
            CsvReader.Row row;
            while ((row = csv.next()) != null) {
                rows++;
                String image = Uploads.trim(row.get(imageCol));
                String label = Uploads.trim(row.get(labelCol));
                String annotator = Uploads.trim(row.get(annotatorCol));
                String answer = Uploads.trim(row.get(answerCol)).toLowerCase(Locale.ROOT);
                Long imageId = image(errors, row.line(), imageCol + 1, index, image);
                Long classId = label(errors, row.line(), labelCol + 1, "label", index, label);
                boolean ok = imageId != null && classId != null;
                if (annotator.isEmpty() || annotator.length() > 200) {
                    errors.add(row.line(), annotatorCol + 1, "annotator",
                            annotator.isEmpty() ? "empty annotator" : "annotator longer than 200 characters");
                    ok = false;
                }
                short value = switch (answer) {
                    case "yes" -> Judgment.YES;
                    case "maybe" -> Judgment.MAYBE;
                    case "no" -> Judgment.NO;
                    default -> -1;
                };
                if (value < 0) {
                    errors.add(row.line(), answerCol + 1, "answer", "'" + answer + "' is not yes, no or maybe");
                    ok = false;
                }
                if (!ok) continue;
                Pending p = pending.computeIfAbsent(imageId + "|" + annotator, k -> new Pending(imageId, annotator));
                if (p.answers.putIfAbsent(classId, value) != null) {
                    errors.add(row.line(), labelCol + 1, "label",
                            "annotator '" + annotator + "' already answered label '" + label + "' for image '" + image + "'");
                }
                if (rows % 5000 == 0 && ctx != null) ctx.progress(0.5 * counting.count() / size, rows + " rows read");
            }
            for (Pending p : pending.values()) p.shown = new ArrayList<>(p.answers.keySet());
            return rows;
        }
    }

    private long readJsonLines(Reader reader, DatasetIndex index, UploadErrors errors, Map<String, Pending> pending,
                               String jobId, JobContext ctx, CountingInputStream counting, long size) throws IOException {
        try (JsonLines lines = new JsonLines(reader, mapper)) {
            long rows = 0;
            JsonLines.Line line;
            while ((line = lines.next()) != null) {
                rows++;
                long n = line.number();
                JsonNode json = line.json();
                Long imageId = image(errors, n, null, index, Uploads.trim(JsonLines.text(json, "image")));
                String annotator = Uploads.trim(JsonLines.text(json, "annotator"));
                if (annotator.isEmpty()) annotator = "anonymous-" + jobId.substring(0, 8) + "-" + n;
                if (annotator.length() > 200) {
                    errors.add(n, null, "annotator", "annotator longer than 200 characters");
                    continue;
                }
                Set<Long> selected = labels(errors, n, "selected", index, json.get("selected"), true);
                Set<Long> shown = json.has("shown") && !json.get("shown").isNull()
                        ? labels(errors, n, "shown", index, json.get("shown"), true) : null;
                String mainKey = Uploads.trim(JsonLines.text(json, "main"));
                Long main = mainKey.isEmpty() ? null : label(errors, n, null, "main", index, mainKey);
                if (imageId == null || selected == null || (json.has("shown") && shown == null && !json.get("shown").isNull())
                        || (!mainKey.isEmpty() && main == null)) {
                    continue;
                }
                if (main != null && !selected.contains(main)) {
                    errors.add(n, null, "main", "main label '" + mainKey + "' is not among the selected labels");
                    continue;
                }
                if (shown != null && !shown.containsAll(selected)) {
                    errors.add(n, null, "selected", "a selected label is not among the shown labels");
                    continue;
                }
                Pending p = new Pending(imageId, annotator);
                if (pending.putIfAbsent(imageId + "|" + annotator, p) != null) {
                    errors.add(n, null, "annotator", "annotator '" + annotator + "' already judged this image");
                    continue;
                }
                p.selected = selected;
                p.shown = shown == null ? null : new ArrayList<>(shown);
                p.mainClassId = main;
                p.noneApply = selected.isEmpty();
                if (rows % 5000 == 0 && ctx != null) ctx.progress(0.5 * counting.count() / size, rows + " lines read");
            }
            return rows;
        }
    }

    /** Without "shown", every label anyone selected for the image counts as shown. */
    private static void completeShown(Iterable<Pending> all) {
        Map<Long, LinkedHashSet<Long>> selectedPerImage = new HashMap<>();
        for (Pending p : all) {
            selectedPerImage.computeIfAbsent(p.imageId, k -> new LinkedHashSet<>()).addAll(p.selected);
        }
        for (Pending p : all) {
            if (p.shown == null) p.shown = new ArrayList<>(selectedPerImage.get(p.imageId));
            for (Long l : p.shown) p.answers.put(l, p.selected.contains(l) ? Judgment.YES : Judgment.NO);
        }
    }

    private Result write(Connection c, long datasetId, String jobId, DatasetIndex index, java.util.Collection<Pending> all,
                         long rows, JobContext ctx) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        long answers = 0;
        Set<String> annotators = new java.util.HashSet<>();
        Set<Long> images = new java.util.HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO judgment (dataset_id, image_id, annotator, source, "
                + "import_job, main_class_id, none_apply, unclear, shown, answers, excluded, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, FALSE, ?, ?, FALSE, ?)")) {
            int n = 0;
            for (Pending p : all) {
                ps.setLong(1, datasetId);
                ps.setLong(2, p.imageId);
                ps.setString(3, p.annotator);
                ps.setString(4, Judgment.IMPORT);
                ps.setString(5, jobId);
                if (p.mainClassId == null) ps.setNull(6, Types.BIGINT); else ps.setLong(6, p.mainClassId);
                ps.setBoolean(7, p.noneApply);
                ps.setString(8, String.join(" ", p.shown.stream().map(index::classKey).toList()));
                ps.setString(9, StoredAnswers.encode(p.answers));
                ps.setTimestamp(10, now);
                ps.addBatch();
                answers += p.answers.size();
                annotators.add(p.annotator);
                images.add(p.imageId);
                if (++n % BATCH == 0) {
                    ps.executeBatch();
                    if (ctx != null) ctx.progress(0.5 + 0.5 * n / all.size(), n + " judgments stored");
                }
            }
            ps.executeBatch();
        }
        return new Result(rows, all.size(), answers, annotators.size(), images.size());
    }

    private static Long image(UploadErrors errors, long line, Integer column, DatasetIndex index, String key) {
        Long id = key.isEmpty() ? null : index.imageId(key);
        if (id == null) errors.add(line, column, "image", key.isEmpty() ? "empty image key" : "unknown image '" + key + "'");
        return id;
    }

    private static Long label(UploadErrors errors, long line, Integer column, String field, DatasetIndex index, String key) {
        Long id = key.isEmpty() ? null : index.classId(key);
        if (id == null) errors.add(line, column, field, key.isEmpty() ? "empty label" : "unknown class '" + key + "'");
        return id;
    }

    /** A JSON array of class keys as ids in order, or null (with an error) when malformed or unknown. */
    private static Set<Long> labels(UploadErrors errors, long line, String field, DatasetIndex index, JsonNode array,
                                    boolean required) {
        if (array == null || array.isNull()) {
            if (required) errors.add(line, null, field, "'" + field + "' must be an array of class keys");
            return null;
        }
        if (!array.isArray()) {
            errors.add(line, null, field, "'" + field + "' must be an array of class keys");
            return null;
        }
        Set<Long> out = new LinkedHashSet<>();
        for (JsonNode n : array) {
            Long id = label(errors, line, null, field, index, n.asText());
            if (id == null) return null;
            out.add(id);
        }
        return out;
    }


}
