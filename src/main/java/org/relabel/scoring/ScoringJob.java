package org.relabel.scoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.relabel.dataset.Dataset;
import org.relabel.dataset.ImageStore;
import org.relabel.job.Job;
import org.relabel.job.JobService;
import org.relabel.web.ProblemException;
import org.relabel.job.JobContext;
import org.relabel.job.JobHandler;
import org.relabel.scoring.engine.BatchScorer;
import org.relabel.scoring.engine.ClassScore;
import org.relabel.scoring.engine.ImageError;
import org.relabel.scoring.engine.ImageSource;
import org.relabel.scoring.engine.LoadedModel;
import org.relabel.scoring.engine.ModelLoader;
import org.relabel.scoring.engine.ScoredImage;
import org.relabel.scoring.engine.ScoringListener;
import org.relabel.scoring.engine.ScoringOptions;
import org.relabel.scoring.engine.ScoringProgress;
import org.relabel.scoring.engine.ScoringResult;

/**
 * Scores every image with pixels that a model has not scored yet, storing its top-k. Images stream
 * from the database in pages of ids (never all in memory); decoding overlaps inference inside
 * {@link BatchScorer}; each batch is stored in its own transaction, so an interrupted job resumes
 * where it stopped (images already scored are skipped).
 */
@ApplicationScoped
public class ScoringJob implements JobHandler {
    public static final String KIND = "score-model";
    private static final int PAGE = 512;

    /** Job parameters. */
    public record Params(long datasetId, long modelId, int topK) {
    }

    /** What a run did. */
    public record Summary(String model, long scored, long failed, long alreadyScored, double imagesPerSecond,
                          List<String> errors) {
    }

    @Inject
    ModelRegistry registry;
    @Inject
    ImageStore store;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    ScoringConfig config;
    @Inject
    ObjectMapper mapper;

    @Inject
    JobService jobs;

    @Override
    public String kind() {
        return KIND;
    }

    /**
     * Queues a scoring job for a registered model of the dataset.
     *
     * @param topK ranked predictions to store per image, null for the configured default
     * @throws ProblemException 404 for an unknown model, 409 for one with imported predictions only,
     *                          400 for a top-k outside 1..100
     */
    public Job start(Dataset ds, String modelName, Integer topK, String user) {
        Model model = QuarkusTransaction.requiringNew().call(() ->
                Model.<Model>find("datasetId = ?1 and name = ?2", ds.id, modelName).firstResult());
        if (model == null) throw ProblemException.notFound("Model '" + modelName + "'");
        if (Model.IMPORTED.equals(model.format)) {
            throw ProblemException.conflict("model '" + modelName + "' has imported predictions only; it cannot be run here");
        }
        int k = topK == null ? config.topK() : topK;
        if (k < 1 || k > 100) throw ProblemException.badRequest("topK must be between 1 and 100");
        return jobs.enqueue(KIND, ds.id, new Params(ds.id, model.id, k), user);
    }

    @Override
    public boolean resumable() {
        return true;
    }

    @Override
    public Object run(JobContext ctx, String params) throws Exception {
        Params p = mapper.readValue(params, Params.class);
        Model model = QuarkusTransaction.requiringNew().call(() -> Model.<Model>findById(p.modelId()));
        if (model == null) throw new IllegalStateException("model " + p.modelId() + " no longer exists");
        Map<Integer, Long> classByIndex = registry.classByIndex(model);
        long[] counts = counts(p.datasetId(), p.modelId());
        long todo = counts[0] - counts[1];
        if (model.topK != p.topK()) {
            // the listing's top-k says how many ranks the latest run stores
            QuarkusTransaction.requiringNew().run(() -> Model.update("topK = ?1 where id = ?2", p.topK(), p.modelId()));
        }
        ctx.progress(0.01, "loading model " + model.name + " (" + todo + " images to score)");
        ScoringOptions options = ScoringOptions.of(p.topK(), config.batchSize(), config.inferenceThreads(), config.decodeThreads());
        List<String> errors = new ArrayList<>();
        ScoringResult result;
        try (LoadedModel loaded = ModelLoader.load(registry.spec(model))) {
            BatchScorer scorer = new BatchScorer(loaded, options);
            result = scorer.score(new PendingImages(p.datasetId(), p.modelId()), ctx::cancelled, new ScoringListener() {
                @Override
                public void onScored(List<ScoredImage> batch) {
                    storeBatch(p.modelId(), batch, classByIndex);
                }

                @Override
                public void onImageError(ImageError error) {
                    if (errors.size() < 50) errors.add(error.imageKey() + ": " + error.message());
                }

                @Override
                public void onProgress(ScoringProgress progress) {
                    long done = progress.scored() + progress.failed();
                    ctx.progress(todo == 0 ? 1 : Math.min(0.99, (double) done / todo),
                            done + " of " + todo + " images scored by " + model.name);
                }
            });
        }
        if (result.cancelled()) ctx.checkCancelled();
        return new Summary(model.name, result.scored(), result.failed(), counts[1], result.imagesPerSecond(), errors);
    }

    private void storeBatch(long modelId, List<ScoredImage> batch, Map<Integer, Long> classByIndex) {
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO prediction (model_id, image_id, label_rank, class_id, probability) VALUES (?, ?, ?, ?, ?)")) {
                for (ScoredImage s : batch) {
                    long imageId = Long.parseLong(s.imageKey());
                    int rank = 0;
                    for (ClassScore cs : s.top()) {
                        ps.setLong(1, modelId);
                        ps.setLong(2, imageId);
                        ps.setInt(3, ++rank);
                        ps.setLong(4, classByIndex.get(cs.index()));
                        ps.setDouble(5, cs.probability());
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Images with pixels this model has not scored, in id order, fetched a page at a time. */
    private final class PendingImages implements Iterator<ImageSource> {
        private final long datasetId;
        private final long modelId;
        private final Deque<ImageSource> page = new ArrayDeque<>();
        private long afterId = -1;
        private boolean exhausted;

        PendingImages(long datasetId, long modelId) {
            this.datasetId = datasetId;
            this.modelId = modelId;
        }

        @Override
        public boolean hasNext() {
            if (page.isEmpty() && !exhausted) fetch();
            return !page.isEmpty();
        }

        @Override
        public ImageSource next() {
            if (!hasNext()) throw new NoSuchElementException();
            return page.poll();
        }

        private void fetch() {
            String sql = "SELECT i.id, i.content_hash FROM image i WHERE i.dataset_id = ? AND i.content_hash IS NOT NULL "
                    + "AND i.id > ? AND NOT EXISTS (SELECT 1 FROM prediction p WHERE p.model_id = ? AND p.image_id = i.id) "
                    + "ORDER BY i.id";
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, datasetId);
                ps.setLong(2, afterId);
                ps.setLong(3, modelId);
                ps.setMaxRows(PAGE);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        afterId = rs.getLong(1);
                        Path file = store.original(rs.getString(2), false).orElseThrow();
                        page.add(ImageSource.of(Long.toString(afterId), file));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            exhausted = page.size() < PAGE;
        }
    }

    /** {images with pixels, of them already scored by the model}. */
    private long[] counts(long datasetId, long modelId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*), COUNT(DISTINCT p.image_id) FROM image i LEFT JOIN prediction p ON p.image_id = i.id "
                        + "AND p.model_id = ? AND p.label_rank = 1 WHERE i.dataset_id = ? AND i.content_hash IS NOT NULL")) {
            ps.setLong(1, modelId);
            ps.setLong(2, datasetId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[]{rs.getLong(1), rs.getLong(2)};
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
