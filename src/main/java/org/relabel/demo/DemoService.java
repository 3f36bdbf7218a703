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

/**
 * Seeds the demo project at first start: a synthetic test set with planted failures (through the
 * normal upload path), its hidden truth (kept in {@code demo_truth}, never shown to annotators or
 * models), then models, a campaign and a simulated crowd. Every stage is idempotent so that the
 * setup job resumes after a restart.
 */
@ApplicationScoped
public class DemoService {
    private static final Logger LOG = Logger.getLogger(DemoService.class);

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

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) return;
        boolean running = QuarkusTransaction.requiringNew().call(() -> Job.count("kind = ?1 and state in ?2",
                DemoSetupJob.KIND, List.of(JobState.QUEUED, JobState.RUNNING)) > 0);
        boolean exists = QuarkusTransaction.requiringNew().call(() -> Dataset.byKey(config.dataset()).isPresent());
        if (!running && !exists) {
            LOG.info("Seeding the demo project (set relabel.demo.enabled=false to skip)");
            jobs.enqueue(DemoSetupJob.KIND, null, Map.of("seed", config.seed()), "system");
        }
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

    /** The demo models: a small CNN trained long enough, and a weaker one trained briefly, to compare. */
    List<DemoModel> models() {
        return List.of(new DemoModel("cnn-small", "small", config.epochs()),
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
        List<Scene> train = null;
        int[] labels = null;
        double step = (to - from) / models().size();
        for (int m = 0; m < models().size(); m++) {
            DemoModel dm = models().get(m);
            double start = from + m * step;
            Path dir = dataDir().resolve("demo").resolve("models").resolve(dm.name() + "-" + config.seed() + "-" + config.trainScenes());
            TrainingSpec spec = new TrainingSpec(dm.architecture(), dm.epochs(), 32, 0.005, config.seed() + m, 64);
            if (!Files.isRegularFile(dir.resolve(DjlModelManifest.FILE_NAME))) {
                if (train == null) {
                    ctx.progress(start, "rendering " + config.trainScenes() + " training scenes");
                    train = trainScenes();
                    labels = train.stream().mapToInt(s -> DemoVocabulary.indexOf(s.originalLabel())).toArray();
                }
                List<java.awt.image.BufferedImage> images = train.stream().map(SceneRenderer::render).toList();
                DemoModelTrainer.trainOnImages(images, labels, DemoVocabulary.size(), spec, dir, p -> {
                    ctx.checkCancelled();
                    ctx.progress(start + step * 0.7 * p.epoch() / p.epochs(), "training " + dm.name() + ": epoch "
                                + p.epoch() + "/" + p.epochs() + ", accuracy " + Math.round(p.accuracy() * 100) + "%");
                });
            }
            ctx.checkCancelled();
            Model model = QuarkusTransaction.requiringNew().call(() ->
                    Model.<Model>find("datasetId = ?1 and name = ?2", ds.id, dm.name()).firstResult());
            if (model == null) model = registry.registerTrained(ds.id, dm.name(), dir, spec.preprocessing());
            ctx.progress(start + step * 0.8, "scoring the test scenes with " + dm.name());
            scoring.run(new ScaledContext(ctx, start + step * 0.8, start + step), mapper.writeValueAsString(
                    new ScoringJob.Params(ds.id, model.id, 5)));
        }
    }

    private Path dataDir() {
        return relabel.dataDir().toAbsolutePath().normalize();
    }

    /** Maps a sub-task's progress in [0, 1] onto [from, to] of the enclosing job. */
    private record ScaledContext(JobContext inner, double from, double to) implements JobContext {
        @Override
        public String jobId() {
            return inner.jobId();
        }

        @Override
        public void progress(double fraction, String message) {
            inner.progress(from + (to - from) * fraction, message);
        }

        @Override
        public boolean cancelled() {
            return inner.cancelled();
        }
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

    private Path spool(byte[] bytes, String suffix) {
        return spool.spool(new ByteArrayInputStream(bytes), suffix);
    }

    private static String csv(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
