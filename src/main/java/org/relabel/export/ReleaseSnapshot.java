package org.relabel.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;
import org.relabel.annotation.Judgment;
import org.relabel.annotation.domain.StoredAnswers;
import org.relabel.audit.ReviewedLabels;
import org.relabel.consensus.domain.Answer;
import org.relabel.export.domain.AnnotatorAnswers;
import org.relabel.export.domain.DecisionRow;
import org.relabel.export.domain.DecisionsCsv;
import org.relabel.export.domain.FileDigest;
import org.relabel.export.domain.HashingOutput;
import org.relabel.export.domain.JudgmentsCsv;
import org.relabel.export.domain.LabelStudioJson;
import org.relabel.export.domain.LabelsCsv;
import org.relabel.export.domain.LabelsJson;
import org.relabel.export.domain.ReleaseLabel;
import org.relabel.export.domain.StoredJudgment;
import org.relabel.job.JobContext;
import org.relabel.upload.CsvReader;

/**
 * Writes the data files of a release from one consistent read of the database (a repeatable-read transaction where
 * the database offers it), streaming with constant memory:
 * <ol>
 *   <li>the reviewed labels ({@link ReviewedLabels#forEach}, image-key order) into {@code labels.csv},
 *       {@code labels.json} and {@code decisions.csv};</li>
 *   <li>the images in the same order, in chunks of {@value #CHUNK}, each chunk's judgments with one indexed query,
 *       and {@code labels.csv} as just written, read in step, into {@code judgments.csv} and {@code label-studio.json},
 *       plus {@code label-studio.xml}.</li>
 * </ol>
 * Each file's SHA-256 is computed while it is written.
 */
@ApplicationScoped
public class ReleaseSnapshot {
    private static final Logger LOG = Logger.getLogger(ReleaseSnapshot.class);

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ReviewedLabels reviewed;
    @Inject
    ReleaseConfig config;
    @Inject
    ObjectMapper mapper;
    @Inject
    Pseudonyms pseudonyms;

    /** The aggregation behind the consensus (the latest consensus run), or null without one. */
    public record Aggregation(String method, JsonNode params, Double threshold, OffsetDateTime computedAt, int images,
                              int judgments, int annotators, Double fleissKappa, Double krippendorffAlpha) {
    }

    /** Counts of the labels pass. */
    public record LabelCounts(long images, long relabeled, Map<String, Long> byStatus, long decisions,
                              Map<String, Long> byDecision, List<String> consensusMethods) {
    }

    /** A campaign or an import and the judgments of it in the release. */
    public record Origin(String id, long judgments) {
    }

    /**
     * Counts of the judgments pass: what "campaigns" fed the release. {@code sources} counts judgments per source
     * (campaign, import, ...); {@code campaigns} and {@code imports} list them by campaign id and import job.
     */
    public record JudgmentCounts(long judgments, long answers, long annotators, long excluded, long replacedAnswers,
                                 long sinceAggregation, boolean pseudonymous, Map<String, Long> sources,
                                 List<Origin> campaigns, List<Origin> imports) {
    }

    /** What was written. */
    /** What was written, and the wall and CPU time (of this thread: with the embedded H2, the database's too) per pass. */
    public record Written(List<FileDigest> files, Aggregation aggregation, LabelCounts labels, JudgmentCounts judgments,
                          long labelsMillis, long judgmentsMillis, long labelsCpuMillis, long judgmentsCpuMillis) {
    }

    /** Writes the data files of the dataset's current reviewed labels and judgments into {@code dir}. */
    public Written write(long datasetId, Path dir, String modelVersion, JobContext ctx) {
        return QuarkusTransaction.requiringNew().timeout(3600).call(() -> {
            try (Connection c = dataSource.getConnection()) {
                repeatableRead(c);
                Aggregation aggregation = aggregation(c, datasetId);
                long images = count(c, "SELECT COUNT(*) FROM image WHERE dataset_id = ?", datasetId);
                List<FileDigest> files = new ArrayList<>();
                long t0 = System.nanoTime();
                long c0 = cpu();
                LabelCounts labels = writeLabels(datasetId, dir, images, files, ctx);
                long t1 = System.nanoTime();
                long c1 = cpu();
                Classes classes = classes(c, datasetId);
                files.add(writeText(dir, LabelStudioJson.CONFIG_NAME, "application/xml",
                        LabelStudioJson.labelingConfig(classes.names())));
                JudgmentCounts judgments = writeJudgments(c, datasetId, dir, modelVersion, aggregation, classes, images,
                        files, ctx);
                long t2 = System.nanoTime();
                long c2 = cpu();
                return new Written(List.copyOf(files), aggregation, labels, judgments, (t1 - t0) / 1_000_000,
                        (t2 - t1) / 1_000_000, (c1 - c0) / 1_000_000, (c2 - c1) / 1_000_000);
            }
        });
    }

    /** CPU time of the current thread in nanoseconds (0 where the JVM does not measure it). */
    private static long cpu() {
        java.lang.management.ThreadMXBean t = java.lang.management.ManagementFactory.getThreadMXBean();
        return t.isCurrentThreadCpuTimeSupported() ? t.getCurrentThreadCpuTime() : 0;
    }

    /** One read of everything (a snapshot): repeatable read where the database and driver allow it. */
    private static void repeatableRead(Connection c) {
        try {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("release read without repeatable read: %s", e.getMessage());
        }
    }

    private Aggregation aggregation(Connection c, long datasetId) throws SQLException, IOException {
        try (PreparedStatement ps = c.prepareStatement("SELECT method, params, images, judgments, annotators, fleiss_kappa, "
                + "krippendorff_alpha, computed_at FROM consensus_run WHERE dataset_id = ? ORDER BY id DESC")) {
            ps.setLong(1, datasetId);
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return null;
                JsonNode params = mapper.readTree(rs.getString(2));
                JsonNode threshold = params.get("threshold");
                return new Aggregation(rs.getString(1), params, threshold == null || !threshold.isNumber() ? null
                        : threshold.asDouble(), utc(rs.getTimestamp(8)), rs.getInt(3), rs.getInt(4), rs.getInt(5),
                        nullableDouble(rs, 6), nullableDouble(rs, 7));
            }
        }
    }

    private LabelCounts writeLabels(long datasetId, Path dir, long total, List<FileDigest> files, JobContext ctx)
            throws IOException {
        long[] n = new long[2];
        Map<String, Long> byStatus = new LinkedHashMap<>();
        Map<String, Long> byDecision = new TreeMap<>();
        TreeSet<String> methods = new TreeSet<>();
        try (LabelsCsv csv = new LabelsCsv(out(dir, LabelsCsv.NAME));
             LabelsJson json = new LabelsJson(out(dir, LabelsJson.NAME));
             DecisionsCsv decisions = new DecisionsCsv(out(dir, DecisionsCsv.NAME))) {
            reviewed.forEach(datasetId, e -> {
                ReviewedLabels.Consensus consensus = e.consensus();
                ReleaseLabel l = ReleaseLabel.of(e.image(), e.originalLabel(), e.valid(), e.main(), e.status(),
                        consensus == null ? 0 : consensus.judgments(), consensus == null ? null : consensus.confidence());
                csv.write(l);
                json.write(l);
                byStatus.merge(l.status().code(), 1L, Long::sum);
                if (l.relabeled()) n[1]++;
                if (consensus != null && consensus.method() != null) methods.add(consensus.method());
                ReviewedLabels.CurrentDecision d = e.decision();
                if (d != null) {
                    decisions.write(new DecisionRow(e.image(), d.id(), d.revision(), d.decision().name(), d.curator(),
                            d.decidedAt(), d.afterValid(), d.afterMain()));
                    byDecision.merge(d.decision().name().toLowerCase(java.util.Locale.ROOT), 1L, Long::sum);
                }
                if (++n[0] % 5000 == 0) {
                    ctx.checkCancelled();
                    ctx.progress(0.05 + 0.4 * n[0] / Math.max(1, total), n[0] + " of " + total + " images labelled");
                }
            });
            files.add(csv.finish());
            files.add(json.finish());
            files.add(decisions.finish());
            return new LabelCounts(n[0], n[1], byStatus, decisions.records(), byDecision, List.copyOf(methods));
        }
    }

    /** Images per judgments query: bounded memory, and no sort of every judgment of the dataset. */
    static final int CHUNK = 500;
    private static final String JUDGMENTS = "SELECT j.image_id, j.id, j.annotator, j.source, j.campaign_id, j.import_job, "
            + "j.main_class_id, j.millis, j.shown, j.answers FROM judgment j "
            + "WHERE j.dataset_id = ? AND j.excluded = FALSE AND j.image_id IN ("
            + String.join(",", java.util.Collections.nCopies(CHUNK, "?")) + ") ORDER BY j.image_id, j.id";

    /** An image as the judgments pass reads it. */
    private record ImageRow(long id, String key, String location) {
    }

    private JudgmentCounts writeJudgments(Connection c, long datasetId, Path dir, String modelVersion, Aggregation aggregation,
                                          Classes classes, long total, List<FileDigest> files, JobContext ctx)
            throws SQLException, IOException {
        boolean pseudonymous = config.pseudonymousAnnotators();
        UnaryOperator<String> names = pseudonymous ? pseudonyms.of(datasetId) : UnaryOperator.identity();
        Tallies t = new Tallies();
        try (PreparedStatement images = c.prepareStatement(
                "SELECT id, image_key, location FROM image WHERE dataset_id = ? ORDER BY image_key");
             PreparedStatement judgments = c.prepareStatement(JUDGMENTS);
             Reader labelsText = Files.newBufferedReader(dir.resolve(LabelsCsv.NAME), StandardCharsets.UTF_8);
             CsvReader labels = new CsvReader(labelsText);
             JudgmentsCsv csv = new JudgmentsCsv(out(dir, JudgmentsCsv.NAME));
             LabelStudioJson studio = new LabelStudioJson(out(dir, LabelStudioJson.NAME), modelVersion)) {
            images.setLong(1, datasetId);
            images.setFetchSize(CHUNK);
            LabelsCsv.Columns columns = LabelsCsv.Columns.of(labels.header());
            try (ResultSet is = images.executeQuery()) {
                List<ImageRow> chunk = new ArrayList<>(CHUNK);
                long n = 0;
                boolean more = true;
                while (more) {
                    chunk.clear();
                    while (chunk.size() < CHUNK && (more = is.next())) {
                        chunk.add(new ImageRow(is.getLong(1), is.getString(2), is.getString(3)));
                    }
                    if (chunk.isEmpty()) break;
                    Map<Long, List<StoredJudgment>> byImage = judgments(judgments, datasetId, chunk, classes, names, t);
                    for (ImageRow image : chunk) {
                        CsvReader.Row row = labels.next();
                        ReleaseLabel label = row == null ? null : LabelsCsv.parse(columns, row.values());
                        if (label == null || !label.image().equals(image.key())) throw changedDuringFreeze();
                        AnnotatorAnswers.Merged merged = AnnotatorAnswers.merge(byImage.getOrDefault(image.id(), List.of()));
                        t.replaced += merged.replacedAnswers();
                        for (AnnotatorAnswers a : merged.annotators()) csv.write(image.key(), a);
                        studio.write(label, url(image.location()), merged.annotators());
                    }
                    n += chunk.size();
                    ctx.checkCancelled();
                    ctx.progress(0.45 + 0.5 * n / Math.max(1, total), n + " of " + total + " images' judgments written");
                }
                if (labels.next() != null) throw changedDuringFreeze();
            }
            files.add(csv.finish());
            files.add(studio.finish());
            long excluded = count(c, "SELECT COUNT(*) FROM judgment WHERE dataset_id = ? AND excluded = TRUE", datasetId);
            long annotators = count(c, "SELECT COUNT(DISTINCT annotator) FROM judgment WHERE dataset_id = ? "
                    + "AND excluded = FALSE", datasetId);
            long since = 0;
            if (aggregation != null) {
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM judgment WHERE dataset_id = ? "
                        + "AND excluded = FALSE AND created_at > ?")) {
                    ps.setLong(1, datasetId);
                    ps.setTimestamp(2, Timestamp.from(aggregation.computedAt().toInstant()));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        since = rs.getLong(1);
                    }
                }
            }
            return new JudgmentCounts(t.judgments, csv.records(), annotators, excluded, t.replaced, since, pseudonymous,
                    t.sources, origins(t.campaigns), origins(t.imports));
        }
    }

    /** The judgments of a chunk of images by image id, each image's in stored order. */
    private static Map<Long, List<StoredJudgment>> judgments(PreparedStatement ps, long datasetId, List<ImageRow> chunk,
                                                             Classes classes, UnaryOperator<String> names, Tallies t)
            throws SQLException {
        ps.setLong(1, datasetId);
        for (int i = 0; i < CHUNK; i++) ps.setLong(2 + i, i < chunk.size() ? chunk.get(i).id() : -1L);
        Map<Long, List<StoredJudgment>> out = new HashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long imageId = rs.getLong(1);
                String annotator = names.apply(rs.getString(3));
                String source = rs.getString(4);
                long campaign = rs.getLong(5);
                Long campaignId = rs.wasNull() ? null : campaign;
                String importJob = rs.getString(6);
                long mainId = rs.getLong(7);
                String main = rs.wasNull() ? null : classes.key(mainId);
                int millis = rs.getInt(8);
                Integer ms = rs.wasNull() ? null : millis;
                String shown = rs.getString(9);
                Map<String, Answer> answers = new HashMap<>();
                StoredAnswers.decode(rs.getString(10)).forEach((label, a) -> answers.put(classes.key(label), answer(a)));
                out.computeIfAbsent(imageId, k -> new ArrayList<>())
                        .add(new StoredJudgment(annotator, source, campaignId, main, ms, inShownOrder(answers, shown)));
                t.judgments++;
                t.sources.merge(source == null ? "unknown" : source.toLowerCase(java.util.Locale.ROOT), 1L, Long::sum);
                if (campaignId != null) t.campaigns.merge(Long.toString(campaignId), 1L, Long::sum);
                if (importJob != null) t.imports.merge(importJob, 1L, Long::sum);
            }
        }
        return out;
    }

    private static Answer answer(short stored) {
        return switch (stored) {
            case Judgment.YES -> Answer.YES;
            case Judgment.MAYBE -> Answer.MAYBE;
            default -> Answer.NO;
        };
    }

    /** The answers ordered as the labels were shown (labels not in "shown" last, by key). */
    private static Map<String, Answer> inShownOrder(Map<String, Answer> answers, String shown) {
        Map<String, Answer> out = new LinkedHashMap<>();
        if (shown != null && !shown.isBlank()) {
            for (String k : shown.trim().split(" +")) {
                Answer a = answers.get(k);
                if (a != null) out.put(k, a);
            }
        }
        if (out.size() < answers.size()) new TreeMap<>(answers).forEach(out::putIfAbsent);
        return out;
    }

    private static List<Origin> origins(Map<String, Long> counts) {
        List<Origin> out = new ArrayList<>();
        counts.forEach((id, n) -> out.add(new Origin(id, n)));
        return out;
    }

    private static IllegalStateException changedDuringFreeze() {
        return new IllegalStateException("the images of the dataset changed while the release was written");
    }

    /** Judgment tallies for the manifest. */
    private static final class Tallies {
        long judgments;
        long replaced;
        final Map<String, Long> sources = new TreeMap<>();
        final Map<String, Long> campaigns = new TreeMap<>();
        final Map<String, Long> imports = new TreeMap<>();
    }

    /** The dataset's classes: key by id, and name by key (in key order) for the Label Studio configuration. */
    private record Classes(Map<Long, String> keys, Map<String, String> names) {
        String key(long id) {
            String k = keys.get(id);
            if (k == null) throw new IllegalStateException("judgment answer with class " + id + " outside the dataset");
            return k;
        }
    }

    private static Classes classes(Connection c, long datasetId) throws SQLException {
        Map<Long, String> keys = new HashMap<>();
        Map<String, String> names = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, class_key, name FROM dataset_class WHERE dataset_id = ?")) {
            ps.setLong(1, datasetId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.put(rs.getLong(1), rs.getString(2));
                    names.put(rs.getString(2), rs.getString(3));
                }
            }
        }
        return new Classes(keys, names);
    }

    /** The image's location when it is a URL Label Studio can load, else null (the key is used). */
    private static String url(String location) {
        return location != null && (location.startsWith("https://") || location.startsWith("http://")) ? location : null;
    }

    static OutputStream out(Path dir, String name) throws IOException {
        return new BufferedOutputStream(Files.newOutputStream(dir.resolve(name), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), 1 << 16);
    }

    /** Writes a small text file and returns its digest. */
    static FileDigest writeText(Path dir, String name, String mediaType, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try (HashingOutput out = new HashingOutput(out(dir, name))) {
            out.write(bytes);
            out.flush();
            return new FileDigest(name, mediaType, bytes.length, null, out.sha256Hex());
        }
    }

    private static long count(Connection c, String sql, long datasetId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, datasetId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Double nullableDouble(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? null : v;
    }

    private static OffsetDateTime utc(Timestamp t) {
        return t == null ? null : t.toInstant().atOffset(ZoneOffset.UTC);
    }
}
