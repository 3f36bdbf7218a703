package org.relabel.scoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.relabel.RelabelConfig;
import org.relabel.dataset.Dataset;
import org.relabel.scoring.engine.LoadedModel;
import org.relabel.scoring.engine.ModelFormat;
import org.relabel.scoring.engine.ModelLoadException;
import org.relabel.scoring.engine.ModelLoader;
import org.relabel.scoring.engine.ModelSpec;
import org.relabel.scoring.engine.OutputWidthException;
import org.relabel.scoring.engine.Preprocessing;
import org.relabel.upload.Uploads;
import org.relabel.web.ProblemException;

/**
 * Registers DJL-loadable models on a dataset: a TorchScript file, an ONNX file or a zipped DJL model
 * directory, with its preprocessing. The model is loaded and run once on a dummy input before it is
 * accepted, so a corrupt file or an output width that does not match the dataset's classes is
 * rejected with a clear problem instead of failing later in a scoring job. Output index i maps to
 * the class whose {@code index} is i, or, when the model was registered with a synset file, to the
 * class named on line i + 1 of that file ({@link SynsetFile}; kept as {@value #SYNSET_FILE} in the
 * model's directory).
 */
@ApplicationScoped
public class ModelRegistry {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
    /** The output mapping of a model registered with a synset file: one class key per line, in its directory. */
    static final String SYNSET_FILE = "relabel-synset.txt";

    @Inject
    RelabelConfig config;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    ObjectMapper mapper;
    @Inject
    ScoringConfig scoring;

    /**
     * Registers an uploaded artifact (API form): preprocessing as JSON (blank for the default), an optional
     * synset file mapping outputs to classes (else the classes' {@code index} column).
     */
    public Model register(Dataset ds, String name, String format, Path upload, String originalFileName,
                          String preprocessingJson, Path synset) {
        return register(ds, name, format, upload, originalFileName, preprocessing(preprocessingJson), synset);
    }

    /**
     * Registers an uploaded artifact; the file is copied into the data directory. The model is loaded and
     * run once on a dummy input before it is accepted.
     *
     * @param preprocessing null for the default: ImageNet's, or for a DJL model the one recorded with it
     * @param synset        a synset file (line i names the class of output i - 1), or null to map outputs by
     *                      the classes' {@code index} column
     */
    public Model register(Dataset ds, String name, String format, Path upload, String originalFileName,
                          Preprocessing preprocessing, Path synset) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ProblemException.badRequest("model name must be 1-200 letters, digits, '.', '_' or '-'");
        }
        boolean exists = QuarkusTransaction.requiringNew().call(() -> Model.count("datasetId = ?1 and name = ?2", ds.id, name) > 0);
        if (exists) throw ProblemException.conflict("dataset '" + ds.key + "' already has a model named '" + name + "'");
        ModelFormat fmt = format(format, originalFileName);
        List<String> mapping = synset == null ? null : readSynset(ds.id, synset);
        int classes = mapping == null ? outputWidth(ds.id) : mapping.size();
        Path dir = config.dataDir().resolve("models").resolve(ds.key).resolve(name + "-" + UUID.randomUUID().toString().substring(0, 8));
        try {
            Files.createDirectories(dir);
            Path artifact;
            if (fmt == ModelFormat.DJL) {
                unzip(upload, dir);
                artifact = dir;
            } else {
                artifact = dir.resolve(fmt == ModelFormat.ONNX ? "model.onnx" : "model.pt");
                Files.copy(upload, artifact, StandardCopyOption.REPLACE_EXISTING);
            }
            ModelSpec spec;
            if (fmt == ModelFormat.DJL) {
                ModelSpec recorded = ModelLoader.djlSpec(artifact, classes);
                spec = preprocessing == null ? recorded : new ModelSpec(fmt, artifact, preprocessing, classes, recorded.outputsProbabilities());
            } else {
                spec = new ModelSpec(fmt, artifact, preprocessing, classes);
            }
            try (LoadedModel ignored = ModelLoader.load(spec)) {
                // loaded and validated (dummy input, output width)
            } catch (OutputWidthException e) {
                if (mapping == null) throw e;
                throw SynsetFile.widthMismatch(mapping.size(), e.actual());
            }
            if (mapping != null) Files.write(dir.resolve(SYNSET_FILE), mapping, StandardCharsets.UTF_8);
            return save(ds.id, name, fmt, relative(artifact), spec.preprocessing());
        } catch (ModelLoadException e) {
            deleteQuietly(dir);
            throw new ProblemException(400, "model-rejected", "Model rejected", e.getMessage());
        } catch (IOException e) {
            deleteQuietly(dir);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            deleteQuietly(dir);
            throw e;
        }
    }

    /** The synset's keys, checked against the dataset's classes (problems name the line). */
    private List<String> readSynset(long datasetId, Path synset) {
        Set<String> keys = new HashSet<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT class_key FROM dataset_class WHERE dataset_id = ?")) {
            ps.setLong(1, datasetId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) keys.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        if (keys.isEmpty()) throw ProblemException.badRequest("upload the dataset's classes before registering a model");
        try (Reader reader = Uploads.utf8(Files.newInputStream(synset))) {
            return SynsetFile.read(reader, keys::contains, config.upload().maxReportedErrors());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Registers a model directory that is already in place (for example one trained by the demo). */
    public Model registerTrained(long datasetId, String name, Path directory, Preprocessing preprocessing) {
        return save(datasetId, name, ModelFormat.DJL, relative(directory), preprocessing);
    }

    /** The spec to load a registered model with. */
    public ModelSpec spec(Model model) {
        try {
            Path artifact = dataDir().resolve(model.artifactPath);
            Preprocessing p = mapper.readValue(model.preprocessing, Preprocessing.class);
            Optional<List<String>> synset = synset(model);
            return new ModelSpec(ModelFormat.parse(model.format), artifact, p,
                    synset.isPresent() ? synset.get().size() : outputWidth(model.datasetId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The class key of each output when the model was registered with a synset file. */
    public Optional<List<String>> synset(Model model) {
        Path file = synsetFile(model);
        if (file == null || !Files.isRegularFile(file)) return Optional.empty();
        try {
            return Optional.of(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether outputs map to classes by a synset file ({@code "synset"}) or the classes' index column ({@code "index"}). */
    String outputMapping(String format, String artifactPath) {
        if (Model.IMPORTED.equals(format) || artifactPath == null) return null;
        Path file = synsetFile(format, artifactPath);
        return file != null && Files.isRegularFile(file) ? "synset" : "index";
    }

    /**
     * Output index to class id: from the model's synset file, else from the classes' {@code index} column.
     *
     * @throws IllegalStateException when a synset key is no longer a class of the dataset
     */
    public Map<Integer, Long> classByIndex(Model model) {
        Map<Integer, Long> map = new HashMap<>();
        Optional<List<String>> synset = synset(model);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT output_index, id, class_key FROM dataset_class WHERE dataset_id = ?")) {
            ps.setLong(1, model.datasetId);
            Map<String, Long> byKey = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int index = rs.getInt(1);
                    if (!rs.wasNull() && synset.isEmpty()) map.put(index, rs.getLong(2));
                    byKey.put(rs.getString(3), rs.getLong(2));
                }
            }
            if (synset.isPresent()) {
                List<String> keys = synset.get();
                for (int i = 0; i < keys.size(); i++) {
                    Long id = byKey.get(keys.get(i));
                    if (id == null) {
                        throw new IllegalStateException("class '" + keys.get(i) + "' of output " + i + " (synset line " + (i + 1)
                                + ") is no longer a class of the dataset");
                    }
                    map.put(i, id);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return map;
    }

    private Path synsetFile(Model model) {
        return synsetFile(model.format, model.artifactPath);
    }

    /** The synset file lives in the model's directory: the DJL directory itself, or the folder of the single file. */
    private Path synsetFile(String format, String artifactPath) {
        if (artifactPath == null) return null;
        Path artifact = dataDir().resolve(artifactPath);
        Path dir = ModelFormat.DJL.name().equals(format) ? artifact : artifact.getParent();
        return dir == null ? null : dir.resolve(SYNSET_FILE);
    }

    private Path dataDir() {
        return config.dataDir().toAbsolutePath().normalize();
    }

    /** Artifacts are stored relative to the data directory, so the directory can move. */
    private String relative(Path artifact) {
        Path abs = artifact.toAbsolutePath().normalize();
        return abs.startsWith(dataDir()) ? dataDir().relativize(abs).toString() : abs.toString();
    }

    private Model save(long datasetId, String name, ModelFormat fmt, String artifact, Preprocessing preprocessing) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Model m = new Model();
            m.datasetId = datasetId;
            m.name = name;
            m.format = fmt.name();
            m.artifactPath = artifact;
            m.preprocessing = mapper.writeValueAsString(preprocessing);
            m.topK = scoring.topK();
            m.createdAt = OffsetDateTime.now();
            m.persist();
            return m;
        });
    }

    /** Number of model outputs the dataset expects: its classes must carry indices 0..K-1. */
    int outputWidth(long datasetId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*), COUNT(output_index), MIN(output_index), MAX(output_index) FROM dataset_class WHERE dataset_id = ?")) {
            ps.setLong(1, datasetId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long all = rs.getLong(1);
                long indexed = rs.getLong(2);
                if (all == 0) throw ProblemException.badRequest("upload the dataset's classes before registering a model");
                if (indexed != all || rs.getInt(3) != 0 || rs.getInt(4) != all - 1) {
                    throw ProblemException.badRequest("every class needs an index 0.." + (all - 1)
                            + " (the 'index' column of the classes CSV) to map model outputs to classes,"
                            + " or give a synset file naming the class of each output");
                }
                return (int) all;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ModelFormat format(String format, String fileName) {
        if (format != null && !format.isBlank()) {
            try {
                return ModelFormat.parse(format);
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("format must be torchscript, onnx or djl");
            }
        }
        String f = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        if (f.endsWith(".pt") || f.endsWith(".pth") || f.endsWith(".torchscript")) return ModelFormat.TORCHSCRIPT;
        if (f.endsWith(".onnx")) return ModelFormat.ONNX;
        if (f.endsWith(".zip")) return ModelFormat.DJL;
        throw ProblemException.badRequest("cannot tell the model format from '" + fileName
                + "': give format (torchscript, onnx, djl) or use a .pt, .onnx or .zip file");
    }

    private Preprocessing preprocessing(String json) {
        if (json == null || json.isBlank()) return null;
        try {
            return mapper.readValue(json, Preprocessing.class);
        } catch (IOException | IllegalArgumentException e) {
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            throw ProblemException.badRequest("invalid preprocessing: " + (root instanceof IllegalArgumentException
                    ? root.getMessage() : "expected {\"size\", \"resize\", \"centerCrop\", \"mean\", \"std\", \"channels\"}"));
        }
    }

    /** Extracts a DJL model directory; entries can never escape the target (zip-slip). */
    private static void unzip(Path zip, Path target) throws IOException {
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zf.entries())) {
                Path out = target.resolve(e.getName()).normalize();
                if (!out.startsWith(target)) throw ProblemException.badRequest("unsafe path in archive: " + e.getName());
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    try (InputStream in = zf.getInputStream(e)) {
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new ProblemException(400, "model-rejected", "Model rejected", "not a readable zip of a DJL model directory");
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
