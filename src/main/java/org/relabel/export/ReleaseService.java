package org.relabel.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.relabel.RelabelConfig;
import org.relabel.audit.AuditConfig;
import org.relabel.audit.ReleaseLabelSource;
import org.relabel.audit.domain.ImageLabels;
import org.relabel.dataset.Dataset;
import org.relabel.dataset.DatasetCounter;
import org.relabel.export.domain.DecisionsCsv;
import org.relabel.export.domain.FileDigest;
import org.relabel.export.domain.JudgmentsCsv;
import org.relabel.export.domain.LabelStudioJson;
import org.relabel.export.domain.LabelsCsv;
import org.relabel.export.domain.LabelsJson;
import org.relabel.export.domain.ReleaseLabel;
import org.relabel.job.JobContext;
import org.relabel.upload.CsvReader;
import org.relabel.web.ProblemException;

/**
 * Releases: freezing the reviewed labels into numbered, immutable files with provenance, listing and reading
 * them, diffs, and their labels for metrics. A release is written into a private directory first; only when every
 * file is complete is it numbered, moved into place and recorded, in one transaction that holds a lock on the
 * dataset. Release rows and files are never changed afterwards.
 */
@ApplicationScoped
public class ReleaseService implements DatasetCounter, ReleaseLabelSource {
    private static final Pattern VERSION = Pattern.compile("[vV]?([1-9][0-9]{0,8})");

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ReleaseSnapshot snapshot;
    @Inject
    ReleaseConfig config;
    @Inject
    RelabelConfig relabel;
    @Inject
    AuditConfig audit;
    @Inject
    ObjectMapper mapper;
    @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
    String appVersion;

    /** What to record with a new release. */
    public record FreezeRequest(String notes, String authors) {
        public FreezeRequest validated() {
            String n = notes == null || notes.isBlank() ? null : notes.strip();
            String a = authors == null || authors.isBlank() ? null : authors.strip();
            if (n != null && n.length() > 4000) throw ProblemException.badRequest("notes are longer than 4000 characters");
            if (a != null && a.length() > 1000) throw ProblemException.badRequest("authors are longer than 1000 characters");
            return new FreezeRequest(n, a);
        }
    }

    /** One file of a release, with its download URL. */
    public record FileView(String name, String mediaType, long bytes, Long records, String sha256, String url) {
    }

    /** A release as the API lists it. */
    public record ReleaseView(String dataset, int version, String name, OffsetDateTime createdAt, String createdBy,
                              String authors, String notes, String appVersion, String method, long images,
                              long relabeled, long judgments, long annotators, long decisions, String manifestSha256,
                              String url, List<FileView> files) {
        /** The file with this name, if the release has it. */
        public Optional<FileView> file(String fileName) {
            return files.stream().filter(f -> f.name().equals(fileName)).findFirst();
        }
    }

    /** A stored release: its row and where its files are. */
    public record Stored(long id, long datasetId, ReleaseView view, Path directory) {
        public Path file(String name) {
            return directory.resolve(name);
        }
    }

    /**
     * Time spent on a freeze in milliseconds: wall time of the labels pass, the judgments pass and in all, and the CPU
     * time of the two passes (the freezing thread's; with the embedded H2 the database's work is included).
     */
    public record Timings(long labels, long judgments, long total, long labelsCpu, long judgmentsCpu) {
    }

    /** The answer to a freeze: the new version (DESIGN.md: {@code {"version"}}), warnings and the release. */
    public record FreezeResult(int version, String name, String url, List<String> warnings, Timings millis,
                               ReleaseView release) {
    }

    // ---------------------------------------------------------------- freezing

    /** The next version number of a dataset (what a freeze started now will get unless another one ends first). */
    public int nextVersion(long datasetId) {
        try (Connection c = dataSource.getConnection()) {
            return nextVersion(c, datasetId);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Freezes the dataset's current reviewed labels and judgments into a new release. 409 when another release of the
     * dataset was frozen meanwhile (nothing is kept; freeze again).
     */
    public FreezeResult freeze(long datasetId, FreezeRequest request, String user, JobContext ctx) {
        FreezeRequest r = (request == null ? new FreezeRequest(null, null) : request).validated();
        long start = System.nanoTime();
        Dataset ds = QuarkusTransaction.joiningExisting().call(() -> Dataset.<Dataset>findById(datasetId));
        if (ds == null) throw ProblemException.notFound("Dataset " + datasetId);
        int version = nextVersion(datasetId);
        OffsetDateTime createdAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        Path base = root().resolve(Long.toString(datasetId));
        AtomicReference<Path> placed = new AtomicReference<>();
        Path partial;
        try {
            Files.createDirectories(base);
            removeStalePartials(base);
            partial = Files.createTempDirectory(base, ".partial-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            ctx.progress(0.02, "reading the reviewed labels");
            ReleaseSnapshot.Written w = snapshot.write(datasetId, partial, ds.key + " v" + version, ctx);
            ctx.checkCancelled();
            ctx.progress(0.97, "recording release v" + version);
            Stored stored = QuarkusTransaction.requiringNew().call(() ->
                    record(ds, version, createdAt, user, r, partial, w, placed));
            makeReadOnly(stored.directory());
            List<String> warnings = new ArrayList<>();
            if (w.aggregation() == null) {
                warnings.add("no aggregation has run: every image keeps its original label (status 'original')");
            }
            if (w.judgments().sinceAggregation() > 0) {
                warnings.add(w.judgments().sinceAggregation() + " judgments arrived after the last aggregation: they are "
                        + "in judgments.csv but not in the labels; aggregate and freeze again to include them");
            }
            ReleaseView v = stored.view();
            ctx.progress(1.0, "release " + v.name() + ": " + v.images() + " images, " + v.relabeled() + " relabeled");
            return new FreezeResult(v.version(), v.name(), v.url(), warnings,
                    new Timings(w.labelsMillis(), w.judgmentsMillis(), (System.nanoTime() - start) / 1_000_000,
                            w.labelsCpuMillis(), w.judgmentsCpuMillis()), v);
        } catch (RuntimeException e) {
            deleteTree(partial);
            if (placed.get() != null) deleteTree(placed.get());
            throw e;
        }
    }

    private Stored record(Dataset ds, int version, OffsetDateTime createdAt, String user, FreezeRequest r, Path partial,
                          ReleaseSnapshot.Written w, AtomicReference<Path> placed) throws SQLException, IOException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement lock = c.prepareStatement("SELECT id FROM dataset WHERE id = ? FOR UPDATE")) {
                lock.setLong(1, ds.id);
                lock.executeQuery().close();
            }
            if (nextVersion(c, ds.id) != version) {
                throw ProblemException.conflict("release v" + version + " of dataset '" + ds.key
                        + "' was frozen by someone else meanwhile; freeze again");
            }
            ReleaseSnapshot.LabelCounts l = w.labels();
            ReleaseSnapshot.JudgmentCounts j = w.judgments();
            ReleaseManifest manifest = new ReleaseManifest(ReleaseManifest.FORMAT,
                    new ReleaseManifest.DatasetInfo(ds.key, ds.name, ds.description), version, "v" + version, createdAt,
                    user, r.authors(), r.notes(), new ReleaseManifest.AppInfo("relabel", appVersion), w.aggregation(),
                    audit.findings().params(),
                    new ReleaseManifest.Counts(l.images(), l.relabeled(), j.judgments(), j.answers(), j.annotators(),
                            l.decisions(), l.byStatus()),
                    new ReleaseManifest.Decisions(l.decisions(), l.byDecision(), DecisionsCsv.NAME), j,
                    ReleaseManifest.statusMeanings(), w.files());
            FileDigest manifestFile = ReleaseSnapshot.writeText(partial, ReleaseManifest.NAME, "application/json",
                    mapper.writerWithDefaultPrettyPrinter().writeValueAsString(manifest) + "\n");
            Path target = partial.resolveSibling("v" + version);
            // a directory of this number without a row is what a crash between move and commit left: replace it
            if (Files.exists(target)) deleteTree(target);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            placed.set(target);
            String relative = root().relativize(target).toString();
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO dataset_release (dataset_id, version_no, created_at, "
                    + "created_by, authors, notes, app_version, method, images, relabeled, judgments, annotators, decisions, "
                    + "directory, manifest_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
                ps.setLong(1, ds.id);
                ps.setInt(2, version);
                ps.setTimestamp(3, Timestamp.from(createdAt.toInstant()));
                ps.setString(4, user);
                ps.setString(5, r.authors());
                ps.setString(6, r.notes());
                ps.setString(7, appVersion);
                if (w.aggregation() == null) ps.setNull(8, Types.VARCHAR); else ps.setString(8, w.aggregation().method());
                ps.setLong(9, l.images());
                ps.setLong(10, l.relabeled());
                ps.setLong(11, j.judgments());
                ps.setLong(12, j.annotators());
                ps.setLong(13, l.decisions());
                ps.setString(14, relative);
                ps.setString(15, manifestFile.sha256());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            List<FileDigest> all = new ArrayList<>(w.files());
            all.add(manifestFile);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO release_file (release_id, name, media_type, "
                    + "byte_size, records, sha256) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (FileDigest f : all) {
                    ps.setLong(1, id);
                    ps.setString(2, f.name());
                    ps.setString(3, f.mediaType());
                    ps.setLong(4, f.bytes());
                    if (f.records() == null) ps.setNull(5, Types.BIGINT); else ps.setLong(5, f.records());
                    ps.setString(6, f.sha256());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return find(c, ds.id, ds.key, version).orElseThrow();
        }
    }

    private static int nextVersion(Connection c, long datasetId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COALESCE(MAX(version_no), 0) + 1 FROM dataset_release WHERE dataset_id = ?")) {
            ps.setLong(1, datasetId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    // ---------------------------------------------------------------- reading

    /** The directory under which releases are stored. */
    public Path root() {
        return config.directory().orElseGet(() -> relabel.dataDir().resolve("releases")).toAbsolutePath().normalize();
    }

    /** The version number a text names ("3" or "v3"), or empty when it names none. */
    public static Optional<Integer> parseVersion(String text) {
        Matcher m = VERSION.matcher(text == null ? "" : text.trim());
        return m.matches() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    /** The releases of a dataset, newest first. */
    public List<ReleaseView> list(Dataset ds) {
        return query(ds.id, ds.key, null).stream().map(Stored::view).toList();
    }

    /** The release a text names ("3" or "v3"), or empty. */
    public Optional<Stored> find(long datasetId, String datasetKey, String version) {
        Optional<Integer> v = parseVersion(version);
        if (v.isEmpty()) return Optional.empty();
        List<Stored> found = query(datasetId, datasetKey, v.get());
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The release a text names, or a 404 problem. */
    public Stored require(Dataset ds, String version) {
        return find(ds.id, ds.key, version).orElseThrow(() ->
                ProblemException.notFound("Release '" + version + "' of dataset '" + ds.key + "'"));
    }

    private Optional<Stored> find(Connection c, long datasetId, String datasetKey, int version) throws SQLException {
        List<Stored> found = query(c, datasetId, datasetKey, version);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private List<Stored> query(long datasetId, String datasetKey, Integer version) {
        try (Connection c = dataSource.getConnection()) {
            return query(c, datasetId, datasetKey, version);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Stored> query(Connection c, long datasetId, String datasetKey, Integer version) throws SQLException {
        String where = "WHERE r.dataset_id = ?" + (version == null ? "" : " AND r.version_no = ?");
        Map<Long, List<FileView>> files = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT f.release_id, f.name, f.media_type, f.byte_size, f.records, "
                + "f.sha256, r.version_no FROM release_file f JOIN dataset_release r ON r.id = f.release_id " + where
                + " ORDER BY f.release_id, f.name")) {
            ps.setLong(1, datasetId);
            if (version != null) ps.setInt(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long records = rs.getLong(5);
                    Long rec = rs.wasNull() ? null : records;
                    files.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new FileView(rs.getString(2),
                            rs.getString(3), rs.getLong(4), rec, rs.getString(6),
                            fileUrl(datasetKey, rs.getInt(7), rs.getString(2))));
                }
            }
        }
        List<Stored> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT r.id, r.version_no, r.created_at, r.created_by, r.authors, "
                + "r.notes, r.app_version, r.method, r.images, r.relabeled, r.judgments, r.annotators, r.decisions, "
                + "r.directory, r.manifest_sha256 FROM dataset_release r " + where + " ORDER BY r.version_no DESC")) {
            ps.setLong(1, datasetId);
            if (version != null) ps.setInt(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    int v = rs.getInt(2);
                    List<FileView> own = new ArrayList<>(files.getOrDefault(id, List.of()));
                    own.sort(Comparator.comparingInt(f -> FILE_ORDER.indexOf(f.name()) < 0 ? 99 : FILE_ORDER.indexOf(f.name())));
                    ReleaseView view = new ReleaseView(datasetKey, v, "v" + v,
                            rs.getTimestamp(3).toInstant().atOffset(ZoneOffset.UTC), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getString(8), rs.getLong(9), rs.getLong(10),
                            rs.getLong(11), rs.getLong(12), rs.getLong(13), rs.getString(15),
                            "/api/datasets/" + datasetKey + "/releases/v" + v, List.copyOf(own));
                    out.add(new Stored(id, datasetId, view, root().resolve(rs.getString(14)).normalize()));
                }
            }
        }
        return out;
    }

    /** The files of a release in the order pages list them. */
    static final List<String> FILE_ORDER = List.of(LabelsCsv.NAME, LabelsJson.NAME, ReleaseManifest.NAME,
            JudgmentsCsv.NAME, LabelStudioJson.NAME, LabelStudioJson.CONFIG_NAME, DecisionsCsv.NAME);

    private static String fileUrl(String datasetKey, int version, String name) {
        return "/api/datasets/" + datasetKey + "/releases/v" + version + "/" + name;
    }

    /** Streams the images of a release from its {@code labels.csv}, in file order. */
    public void forEachLabel(Stored release, Consumer<ReleaseLabel> callback) {
        try (Reader reader = Files.newBufferedReader(release.file(LabelsCsv.NAME), StandardCharsets.UTF_8);
             CsvReader csv = new CsvReader(reader)) {
            LabelsCsv.Columns columns = LabelsCsv.Columns.of(csv.header());
            CsvReader.Row row;
            while ((row = csv.next()) != null) callback.accept(LabelsCsv.parse(columns, row.values()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The images of a release as a list (diffs and metrics hold them anyway). */
    public List<ReleaseLabel> labels(Stored release) {
        List<ReleaseLabel> out = new ArrayList<>((int) Math.min(Integer.MAX_VALUE, release.view().images()));
        forEachLabel(release, out::add);
        return out;
    }

    /** The manifest of a release, read back from its file. */
    public ReleaseManifest manifest(Stored release) {
        try {
            return mapper.readValue(release.file(ReleaseManifest.NAME).toFile(), ReleaseManifest.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- for the audit and the dataset summary

    @Override
    public Optional<ReleaseLabelSource.Frozen> labels(long datasetId, String release) {
        String key = datasetKey(datasetId);
        return find(datasetId, key, release).map(s -> {
            List<ImageLabels> images = new ArrayList<>((int) Math.min(Integer.MAX_VALUE, s.view().images()));
            forEachLabel(s, l -> images.add(toImageLabels(l)));
            return new ReleaseLabelSource.Frozen(s.view().name(), s.view().createdAt(), images);
        });
    }

    @Override
    public List<String> names(long datasetId) {
        return query(datasetId, datasetKey(datasetId), null).stream().map(s -> s.view().name()).toList();
    }

    /** A release's image as the audit sees it: the release's labels and the review status behind its status. */
    static ImageLabels toImageLabels(ReleaseLabel l) {
        return new ImageLabels(l.image(), l.originalLabel(), null, new LinkedHashSet<>(l.validLabels()), l.mainLabel(),
                null, Map.of(), Map.of(), l.judgments(), l.status().reviewStatus());
    }

    private static String datasetKey(long datasetId) {
        Dataset ds = QuarkusTransaction.joiningExisting().call(() -> Dataset.<Dataset>findById(datasetId));
        if (ds == null) throw ProblemException.notFound("Dataset " + datasetId);
        return ds.key;
    }

    @Override
    public Map<String, Long> counts(long datasetId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM dataset_release WHERE dataset_id = ?")) {
            ps.setLong(1, datasetId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Map.of("releases", rs.getLong(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- files

    /** Removes what freezes that died with their instance left behind (partial directories older than a day). */
    private static void removeStalePartials(Path base) throws IOException {
        long dayAgo = System.currentTimeMillis() - 86_400_000L;
        try (Stream<Path> dirs = Files.list(base)) {
            for (Path p : dirs.filter(p -> p.getFileName().toString().startsWith(".partial-")).toList()) {
                if (Files.getLastModifiedTime(p).toMillis() < dayAgo) deleteTree(p);
            }
        }
    }

    private static void makeReadOnly(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> f.toFile().setReadOnly());
        } catch (IOException e) {
            // read-only is a safeguard; the files are never written again either way
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
