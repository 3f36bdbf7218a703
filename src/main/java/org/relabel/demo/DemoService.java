package org.relabel.demo;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jboss.logging.Logger;
import org.relabel.dataset.Dataset;
import org.relabel.dataset.DatasetImporter;
import org.relabel.dataset.DatasetIndex;
import org.relabel.dataset.DatasetService;
import org.relabel.demo.world.DemoClass;
import org.relabel.demo.world.DemoVocabulary;
import org.relabel.demo.world.Scene;
import org.relabel.demo.world.SceneGenerator;
import org.relabel.demo.world.SceneRenderer;
import org.relabel.demo.world.SceneSpec;
import org.relabel.job.Job;
import org.relabel.job.JobContext;
import org.relabel.job.JobService;
import org.relabel.job.JobState;
import org.relabel.upload.UploadSpool;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import org.relabel.RelabelConfig;
import org.relabel.scoring.Model;
import org.relabel.scoring.ModelRegistry;
import org.relabel.scoring.ScoringJob;
import org.relabel.scoring.engine.DemoModelTrainer;
import org.relabel.scoring.engine.DjlModelManifest;
import org.relabel.scoring.engine.TrainingSpec;
import org.relabel.consensus.ConsensusService;
import org.relabel.web.ProblemException;

/**
 * Seeds the demo project at first start: a synthetic test set with planted failures (through the
 * normal upload path), its hidden truth (kept in {@code demo_truth}, never shown to annotators or
 * models), then models, a campaign and a simulated crowd. Every stage is idempotent so that the
 * setup job resumes after a restart.
 */
@ApplicationScoped
public class DemoService {
    private static final Logger LOG = Logger.getLogger(DemoService.class);
    /** Seeds tried for a demo model whose training diverges. */
    static final int TRAINING_SEEDS = 3;
    /** Who the demo setup acts as in job and campaign records. */
    public static final String SYSTEM = "system";

    @Inject
    DemoConfig config;
    @Inject
    DatasetService datasets;
    @Inject
    DatasetImporter importer;
    @Inject
    UploadSpool spool;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    JobService jobs;
    @Inject
    ModelRegistry registry;
    @Inject
    ScoringJob scoring;
    @Inject
    ObjectMapper mapper;
    @Inject
    RelabelConfig relabel;
    @Inject
    ConsensusService consensus;

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) return;
        if (QuarkusTransaction.requiringNew().call(this::setupWanted)) {
            LOG.info("Seeding the demo project (set relabel.demo.enabled=false to skip)");
            jobs.enqueue(DemoSetupJob.KIND, null, Map.of("seed", config.seed()), SYSTEM);
        }
    }

    /**
     * Whether the setup job should run: none is queued or running, and the demo dataset is missing, or was made
     * by the demo setup (it has hidden truth) but never reached its consensus (an earlier run failed).
     */
    private boolean setupWanted() {
        if (setupRunning()) return false;
        Dataset ds = Dataset.byKey(config.dataset()).orElse(null);
        if (ds == null) return true;
        return count("SELECT COUNT(*) FROM demo_truth WHERE dataset_id = ?", ds.id) > 0
                && count("SELECT COUNT(*) FROM consensus_run WHERE dataset_id = ?", ds.id) == 0;
    }

    private static boolean setupRunning() {
        return Job.count("kind = ?1 and state in ?2", DemoSetupJob.KIND, List.of(JobState.QUEUED, JobState.RUNNING)) > 0;
    }

    /** The test scenes of the demo dataset (deterministic for the configured seed). */
    public List<Scene> testScenes() {
        return SceneGenerator.generate(SceneSpec.of(config.seed(), config.testScenes(), "demo"));
    }

    /** The training scenes (a different seed and key prefix than the test split). */
    public List<Scene> trainScenes() {
        return SceneGenerator.generate(SceneSpec.of(config.seed() + 1_000_003L, config.trainScenes(), "train"));
    }

    /** Stage 1: the dataset, its classes and test images through the upload path, and the hidden truth. */
    public Dataset createDataset(JobContext ctx) {
        Dataset ds = datasets.put(config.dataset(), "Demo: synthetic scenes",
                "A synthetic test set with planted failures: multi-object scenes, a background shortcut and about 5% "
                        + "label errors. Its hidden truth lets Relabel measure its own recovery.").dataset();
        if (datasets.summary(ds).counts().getOrDefault("images", 0L) >= config.testScenes()) return ds;
        ctx.progress(0.02, "writing the demo vocabulary");
        StringBuilder classes = new StringBuilder("key,name,index,description\n");
        int index = 0;
        for (DemoClass c : DemoVocabulary.classes()) {
            classes.append(c.key()).append(',').append(csv(c.name())).append(',').append(index++).append(',')
                    .append(csv(c.description())).append('\n');
        }
        Path classesFile = spool(classes.toString().getBytes(StandardCharsets.UTF_8), ".csv");
        try {
            importer.importClasses(ds.id, classesFile, ctx);
        } finally {
            spool.delete(classesFile);
        }
        ctx.progress(0.05, "rendering " + config.testScenes() + " test scenes");
        List<Scene> scenes = testScenes();
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            StringBuilder csv = new StringBuilder("image,label,location\n");
            for (Scene s : scenes) {
                String file = s.key() + ".png";
                out.putNextEntry(new ZipEntry("images/" + file));
                out.write(SceneRenderer.renderPng(s));
                out.closeEntry();
                csv.append(file).append(',').append(s.originalLabel()).append(",images/").append(file).append('\n');
            }
            out.putNextEntry(new ZipEntry("images.csv"));
            out.write(csv.toString().getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ctx.progress(0.1, "importing the test scenes");
        Path zipFile = spool(zip.toByteArray(), ".zip");
        try {
            importer.importImagesZip(ds.id, zipFile, ctx);
        } finally {
            spool.delete(zipFile);
        }
        storeTruth(ds.id, scenes);
        return ds;
    }

    /**
     * The demo models: a small CNN trained long enough, and the same network trained briefly, to compare. Both use
     * the {@code tiny} architecture: the larger {@code small} one diverged now and then on 2-core machines (a NaN
     * loss in the first epochs whatever the learning rate) and costs six times the CPU per image.
     */
    List<DemoModel> models() {
        return List.of(new DemoModel("cnn-tiny", "tiny", config.epochs()),
                new DemoModel("cnn-tiny-quick", "tiny", Math.max(1, config.epochs() / 3)));
    }

    /** A demo model: name, architecture and epochs. */
    record DemoModel(String name, String architecture, int epochs) {
    }

    /**
     * Stage 2: trains the demo models with DJL on the training split (labelled by the same flawed pipeline),
     * cached in {@code <data-dir>/demo/models}, registers them and scores the test split through the normal
     * scoring job.
     */
    public void trainAndScore(Dataset ds, JobContext ctx, double from, double to) throws Exception {
        List<java.awt.image.BufferedImage> images = null;
        int[] labels = null;
        double step = (to - from) / models().size();
        for (int m = 0; m < models().size(); m++) {
            DemoModel dm = models().get(m);
            double start = from + m * step;
            Path dir = dataDir().resolve("demo").resolve("models").resolve(dm.name() + "-" + config.seed() + "-" + config.trainScenes());
            TrainingSpec spec = new TrainingSpec(dm.architecture(), dm.epochs(), 32, 0.005, config.seed() + m, 64);
            if (!Files.isRegularFile(dir.resolve(DjlModelManifest.FILE_NAME))) {
                if (images == null) {
                    ctx.progress(start, "rendering " + config.trainScenes() + " training scenes");
                    List<Scene> train = trainScenes();
                    labels = train.stream().mapToInt(s -> DemoVocabulary.indexOf(s.originalLabel())).toArray();
                    images = train.stream().map(SceneRenderer::render).toList();
                }
                train(dm, spec, images, labels, dir, ctx, start, step);
            }
            ctx.checkCancelled();
            Model model = QuarkusTransaction.requiringNew().call(() ->
                    Model.<Model>find("datasetId = ?1 and name = ?2", ds.id, dm.name()).firstResult());
            if (model == null) model = registry.registerTrained(ds.id, dm.name(), dir, spec.preprocessing());
            ctx.progress(start + step * 0.8, "scoring the test scenes with " + dm.name());
            String params = mapper.writeValueAsString(new ScoringJob.Params(ds.id, model.id, 5));
            scoring.run(new ScaledContext(ctx, start + step * 0.8, start + step), params);
            for (int retry = 1; ; retry++) {
                int bad = dropNonFinitePredictions(model.id);
                if (bad == 0) break;
                if (retry >= TRAINING_SEEDS) {
                    throw new IllegalStateException(dm.name() + " keeps giving non-finite scores on " + bad + " images");
                }
                LOG.warnf("%s gave non-finite scores on %d images; scoring them again", dm.name(), bad);
                scoring.run(new ScaledContext(ctx, start + step * 0.95, start + step), params);
            }
        }
    }

    /**
     * Deletes the predictions of images on which the model returned a non-finite probability (the engine now and
     * then yields NaN on this hardware; see {@link #train}), so that scoring again fills them in.
     *
     * @return the number of such images
     */
    private int dropNonFinitePredictions(long modelId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            java.util.Set<Long> images = new java.util.HashSet<>();
            try (Connection c = dataSource.getConnection()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT image_id, probability FROM prediction WHERE model_id = ?")) {
                    ps.setLong(1, modelId);
                    try (java.sql.ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            double p = rs.getDouble(2);
                            if (!rs.wasNull() && !Double.isFinite(p)) images.add(rs.getLong(1));
                        }
                    }
                }
                try (PreparedStatement del = c.prepareStatement("DELETE FROM prediction WHERE model_id = ? AND image_id = ?")) {
                    for (long image : images) {
                        del.setLong(1, modelId);
                        del.setLong(2, image);
                        del.addBatch();
                    }
                    del.executeBatch();
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return images.size();
        });
    }

    /**
     * Trains one demo model. A run that diverges is tried again with another seed (at most
     * {@value #TRAINING_SEEDS} seeds): on some machines the PyTorch engine now and then yields a NaN loss from the
     * first epoch on, whatever the learning rate, and a first start must not fail for that.
     */
    private void train(DemoModel dm, TrainingSpec spec, List<java.awt.image.BufferedImage> images, int[] labels,
                       Path dir, JobContext ctx, double start, double step) throws IOException {
        for (int attempt = 0; ; attempt++) {
            TrainingSpec s = attempt == 0 ? spec : new TrainingSpec(spec.architecture(), spec.epochs(), spec.batchSize(),
                    spec.learningRate(), spec.seed() + 7919L * attempt, spec.imageSize());
            try {
                DemoModelTrainer.trainOnImages(images, labels, DemoVocabulary.size(), s, dir, p -> {
                    ctx.checkCancelled();
                    ctx.progress(start + step * 0.7 * p.epoch() / p.epochs(), "training " + dm.name() + ": epoch "
                            + p.epoch() + "/" + p.epochs() + ", accuracy " + Math.round(p.accuracy() * 100) + "%");
                });
                return;
            } catch (IllegalStateException e) {
                if (attempt + 1 >= TRAINING_SEEDS || e.getMessage() == null || !e.getMessage().contains("diverged")) throw e;
                LOG.warnf("training %s with seed %d diverged (%s); trying another seed", dm.name(), s.seed(), e.getMessage());
            }
        }
    }

    private Path dataDir() {
        return relabel.dataDir().toAbsolutePath().normalize();
    }

    private void storeTruth(long datasetId, List<Scene> scenes) {
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = dataSource.getConnection()) {
                DatasetIndex index = DatasetIndex.load(c, datasetId, true);
                try (PreparedStatement del = c.prepareStatement("DELETE FROM demo_truth WHERE dataset_id = ?")) {
                    del.setLong(1, datasetId);
                    del.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO demo_truth (image_id, dataset_id, present, "
                        + "main_label, background, label_error, multi_object) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    for (Scene s : scenes) {
                        ps.setLong(1, index.imageId(s.key() + ".png"));
                        ps.setLong(2, datasetId);
                        ps.setString(3, String.join(" ", s.truth().present()));
                        ps.setString(4, s.truth().main());
                        ps.setString(5, s.background().key());
                        ps.setBoolean(6, s.labelError());
                        ps.setBoolean(7, s.multiObject());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * Stage 5: aggregates the judgments with the default method (Dawid-Skene), as {@code POST
     * /api/datasets/{d}/consensus} does; the findings follow from it. Skipped when a consensus newer than the
     * newest judgment exists.
     *
     * @return the run's summary, or null when skipped
     */
    public ConsensusService.RunSummary consensus(Dataset ds, JobContext ctx) {
        boolean fresh = QuarkusTransaction.requiringNew().call(() -> count("SELECT COUNT(*) FROM consensus_run r "
                + "WHERE r.dataset_id = ? AND NOT EXISTS (SELECT 1 FROM judgment j WHERE j.dataset_id = r.dataset_id "
                + "AND j.created_at > r.computed_at)", ds.id) > 0);
        if (fresh) return null;
        return consensus.aggregate(ds.id, new ConsensusService.Request(null, null), ctx);
    }

    /**
     * Deletes the demo dataset (with its campaign, judgments, consensus, findings, reviews and hidden truth) and
     * queues the setup job again. Trained models stay cached in the data directory, so the new setup skips training.
     *
     * @throws ProblemException 409 when the demo is disabled, its setup is running, a job of the dataset is running,
     *                          or the dataset under the demo's key was not made by the demo setup
     */
    public synchronized Job reset(String user) {
        if (!config.enabled()) {
            throw new ProblemException(409, "demo-disabled", "Demo disabled",
                    "the demo is disabled (relabel.demo.enabled=false); enable it to seed or reset the demo project");
        }
        QuarkusTransaction.requiringNew().run(() -> {
            if (setupRunning()) {
                throw new ProblemException(409, "demo-setup-running", "Demo setup running",
                        "the demo project is being set up; reset it when the setup job has ended");
            }
            Dataset ds = Dataset.byKey(config.dataset()).orElse(null);
            if (ds == null) return;
            if (count("SELECT COUNT(*) FROM demo_truth WHERE dataset_id = ?", ds.id) == 0) {
                throw new ProblemException(409, "not-a-demo-dataset", "Not the demo dataset", "dataset '" + ds.key
                        + "' was not made by the demo setup (it has no hidden truth); it is left alone");
            }
            if (Job.count("datasetId = ?1 and state in ?2", ds.id, List.of(JobState.QUEUED, JobState.RUNNING)) > 0) {
                throw new ProblemException(409, "dataset-busy", "Dataset busy",
                        "a job of dataset '" + ds.key + "' is queued or running; reset the demo when it has ended");
            }
            deleteDataset(ds.id);
            LOG.infof("demo dataset '%s' deleted by %s", ds.key, user);
        });
        return jobs.enqueue(DemoSetupJob.KIND, null, Map.of("seed", config.seed()), user);
    }

    /**
     * Deletes a dataset and everything stored about it, children first: rows that point at its classes do not
     * cascade (a class in use must not vanish), the others go with the dataset ({@code ON DELETE CASCADE}).
     */
    private void deleteDataset(long datasetId) {
        String campaigns = "SELECT id FROM campaign WHERE dataset_id = ?";
        List<String> statements = List.of(
                "DELETE FROM annotator_pause WHERE campaign_id IN (" + campaigns + ")",
                "DELETE FROM assignment WHERE campaign_id IN (" + campaigns + ")",
                "DELETE FROM campaign_gold WHERE campaign_id IN (" + campaigns + ")",
                "DELETE FROM campaign_image WHERE campaign_id IN (" + campaigns + ")",
                "DELETE FROM judgment WHERE dataset_id = ?",
                "DELETE FROM campaign WHERE dataset_id = ?",
                "DELETE FROM image_consensus WHERE dataset_id = ?",
                "DELETE FROM finding WHERE dataset_id = ?",
                "DELETE FROM review_decision WHERE dataset_id = ?",
                "DELETE FROM prediction WHERE model_id IN (SELECT id FROM model WHERE dataset_id = ?)",
                "DELETE FROM demo_truth WHERE dataset_id = ?",
                "DELETE FROM image WHERE dataset_id = ?",
                "DELETE FROM dataset WHERE id = ?");
        try (Connection c = dataSource.getConnection()) {
            for (String sql : statements) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setLong(1, datasetId);
                    ps.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String sql, long id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path spool(byte[] bytes, String suffix) {
        return spool.spool(new ByteArrayInputStream(bytes), suffix);
    }

    private static String csv(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
