package org.relabel.annotation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.relabel.annotation.domain.CandidatePolicy;
import org.relabel.annotation.domain.ImageSelection;
import org.relabel.annotation.domain.StableRandom;
import org.relabel.dataset.Dataset;
import org.relabel.job.JobContext;
import org.relabel.job.JobHandler;
import org.relabel.job.JobService;
import org.relabel.web.ProblemException;

/**
 * Opens a campaign: selects its images, fixes every image's candidate set ({@link CandidatePolicy})
 * from the selected models' stored predictions, and fills the assignment queue. One transaction:
 * a failed or cancelled opening leaves the campaign a draft with nothing stored.
 *
 * <p>Predictions are read per model in primary-key order (model, image, rank) and merged with the
 * images in id order, so memory holds the selected images' candidate sets but never all predictions.
 */
@ApplicationScoped
public class CampaignOpenJob implements JobHandler {
    public static final String KIND = "campaign-open";
    private static final int BATCH = 1000;
    private static final int TX_TIMEOUT_SECONDS = 6 * 3600;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    CampaignService campaigns;
    @Inject
    JobService jobs;
    @Inject
    ObjectMapper mapper;

    /** Job parameters. */
    public record Params(long campaignId) {
    }

    /** What opening produced. */
    public record OpenResult(long campaign, int images, int goldImages, double meanCandidates, int maxCandidates) {
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Object run(JobContext context, String params) throws Exception {
        return execute(mapper.readValue(params, Params.class).campaignId(), context);
    }

    /** Queues the opening of a draft; the UI follows the job. */
    public String enqueue(Dataset ds, long campaignId, String user) {
        campaigns.startOpening(ds, campaignId);
        try {
            String id = jobs.enqueue(KIND, ds.id, new Params(campaignId), user).id;
            recordJob(campaignId, id);
            return id;
        } catch (RuntimeException e) {
            backToDraft(campaignId);
            throw e;
        }
    }

    /** Opens now, in the caller's thread, recorded as a job. */
    public OpenResult runNow(Dataset ds, long campaignId, String user) {
        campaigns.startOpening(ds, campaignId);
        return jobs.runNow(KIND, ds.id, new Params(campaignId), user, ctx -> execute(campaignId, ctx));
    }

    private OpenResult execute(long campaignId, JobContext ctx) {
        recordJob(campaignId, ctx.jobId());
        try {
            return QuarkusTransaction.requiringNew().timeout(TX_TIMEOUT_SECONDS).call(() -> open(campaignId, ctx));
        } catch (RuntimeException e) {
            backToDraft(campaignId);
            throw e;
        }
    }

    private static void recordJob(long campaignId, String jobId) {
        QuarkusTransaction.requiringNew().run(() -> Campaign.update(
                "openJob = ?1 where id = ?2 and state = ?3", jobId, campaignId, Campaign.State.OPENING));
    }

    private static void backToDraft(long campaignId) {
        QuarkusTransaction.requiringNew().run(() -> Campaign.update(
                "state = ?1, openJob = null where id = ?2 and state = ?3",
                Campaign.State.DRAFT, campaignId, Campaign.State.OPENING));
    }

    private OpenResult open(long campaignId, JobContext ctx) throws SQLException {
        Campaign c = Campaign.findById(campaignId);
        if (c == null) throw ProblemException.notFound("Campaign " + campaignId);
        if (c.state != Campaign.State.OPENING) {
            throw ProblemException.conflict("campaign is " + c.state + ", not being opened");
        }
        ImageSelection selection = campaigns.selection(c);
        List<Long> models = c.models();
        ctx.progress(0, "selecting images");
        try (Connection conn = dataSource.getConnection()) {
            try (PreparedStatement del = conn.prepareStatement("DELETE FROM campaign_image WHERE campaign_id = ?")) {
                del.setLong(1, c.id);
                del.executeUpdate();
            }
            Map<Long, List<Long>> gold = goldAnswers(conn, c.id);
            TreeMap<Long, Long> original = selectImages(conn, c.datasetId, selection);
            int selected = original.size();
            original.putAll(originalLabels(conn, gold.keySet()));
            long total = Math.max(1, original.size());

            List<long[]> regular = new ArrayList<>();       // {imageId}
            Map<Long, String> candidateText = new HashMap<>();
            List<PreparedStatement> statements = new ArrayList<>();
            List<Cursor> cursors = new ArrayList<>();
            try {
                for (Long model : models) {
                    PreparedStatement ps = conn.prepareStatement("SELECT image_id, class_id FROM prediction "
                            + "WHERE model_id = ? AND label_rank <= ? ORDER BY model_id, image_id, label_rank");
                    statements.add(ps);
                    ps.setFetchSize(2000);
                    ps.setLong(1, model);
                    ps.setInt(2, c.topK);
                    cursors.add(new Cursor(ps.executeQuery()));
                }
                long done = 0;
                for (Map.Entry<Long, Long> e : original.entrySet()) {
                    long image = e.getKey();
                    List<List<Long>> ranked = new ArrayList<>(cursors.size());
                    for (Cursor cursor : cursors) ranked.add(cursor.labelsOf(image));
                    List<Long> required = gold.getOrDefault(image, List.of());
                    boolean isGold = gold.containsKey(image);
                    if (!isGold && selection.disagreement() && !CandidatePolicy.modelsDisagree(e.getValue(), ranked)) {
                        continue;
                    }
                    List<Long> candidates = CandidatePolicy.candidates(e.getValue(), ranked, required, c.maxCandidates);
                    candidateText.put(image, CampaignService.join(candidates));
                    if (!isGold) regular.add(new long[]{image});
                    if (++done % 5000 == 0) {
                        ctx.checkCancelled();
                        ctx.progress(0.6 * done / total, "candidate sets: " + done + " of " + total + " images");
                    }
                }
            } finally {
                for (Cursor cursor : cursors) cursor.close();
                for (PreparedStatement ps : statements) ps.close();
            }
            long[] regularIds = regular.stream().mapToLong(a -> a[0]).toArray();
            if (selection.sample() != null) regularIds = ImageSelection.sample(regularIds, selection.sample(), selection.seed());
            if (regularIds.length == 0) {
                throw new ProblemException(409, "empty-selection", "No images selected",
                        "no image with stored pixels matches the campaign's selection (" + selected
                                + " images before the model-disagreement filter)");
            }
            long[] goldIds = gold.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
            long written = 0;
            long toWrite = regularIds.length + goldIds.length;
            double candidateSum = 0;
            int candidateMax = 0;
            try (PreparedStatement ins = conn.prepareStatement("INSERT INTO campaign_image (campaign_id, image_id, "
                    + "candidates, judgments_done, leased, sort_key, gold) VALUES (?, ?, ?, 0, 0, ?, ?)")) {
                for (int pass = 0; pass < 2; pass++) {
                    long[] ids = pass == 0 ? regularIds : goldIds;
                    for (long image : ids) {
                        String text = candidateText.get(image);
                        int n = text.split(" ").length;
                        candidateSum += n;
                        candidateMax = Math.max(candidateMax, n);
                        ins.setLong(1, c.id);
                        ins.setLong(2, image);
                        ins.setString(3, text);
                        ins.setInt(4, StableRandom.sortKey(c.id, image));
                        ins.setBoolean(5, pass == 1);
                        ins.addBatch();
                        if (++written % BATCH == 0) {
                            ins.executeBatch();
                            ctx.checkCancelled();
                            ctx.progress(0.6 + 0.4 * written / toWrite, "queue: " + written + " of " + toWrite + " images");
                        }
                    }
                }
                ins.executeBatch();
            }
            c.state = Campaign.State.OPEN;
            c.images = regularIds.length;
            c.goldImages = goldIds.length;
            c.openedAt = OffsetDateTime.now();
            c.closedAt = null;
            ctx.progress(1, "open: " + regularIds.length + " images, " + goldIds.length + " gold");
            return new OpenResult(c.id, regularIds.length, goldIds.length, candidateSum / Math.max(1, toWrite), candidateMax);
        }
    }

    /** The selected images (id to original label), by the selection's label and key filters. */
    private static TreeMap<Long, Long> selectImages(Connection conn, long datasetId, ImageSelection s) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT i.id, i.original_class_id FROM image i WHERE i.dataset_id = ? "
                + "AND i.content_hash IS NOT NULL");
        if (!s.labels().isEmpty()) {
            sql.append(" AND i.original_class_id IN (SELECT c.id FROM dataset_class c WHERE c.dataset_id = ? AND c.class_key IN (")
                    .append(String.join(", ", java.util.Collections.nCopies(s.labels().size(), "?"))).append("))");
        }
        if (s.keyPrefix() != null) sql.append(" AND i.image_key LIKE ? ESCAPE '!'");
        TreeMap<Long, Long> out = new TreeMap<>();
        try (PreparedStatement ps = conn.prepareStatement(sql.toString())) {
            int p = 1;
            ps.setLong(p++, datasetId);
            if (!s.labels().isEmpty()) {
                ps.setLong(p++, datasetId);
                for (String label : s.labels()) ps.setString(p++, label);
            }
            if (s.keyPrefix() != null) {
                ps.setString(p, s.keyPrefix().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
            }
            ps.setFetchSize(5000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getLong(1), rs.getLong(2));
            }
        }
        return out;
    }

    private static Map<Long, List<Long>> goldAnswers(Connection conn, long campaignId) throws SQLException {
        Map<Long, List<Long>> gold = new HashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT image_id, present FROM campaign_gold WHERE campaign_id = ?")) {
            ps.setLong(1, campaignId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String present = rs.getString(2).trim();
                    gold.put(rs.getLong(1), present.isEmpty() ? List.of()
                            : Arrays.stream(present.split(" ")).map(Long::valueOf).toList());
                }
            }
        }
        return gold;
    }

    private static Map<Long, Long> originalLabels(Connection conn, java.util.Collection<Long> images) throws SQLException {
        Map<Long, Long> out = new HashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT original_class_id FROM image WHERE id = ?")) {
            for (Long id : images) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) out.put(id, rs.getLong(1));
                }
            }
        }
        return out;
    }

    /** One model's predictions in (image, rank) order, read forward as images are visited in id order. */
    private static final class Cursor implements AutoCloseable {
        private final ResultSet rs;
        private boolean hasRow;

        Cursor(ResultSet rs) throws SQLException {
            this.rs = rs;
            this.hasRow = rs.next();
        }

        /** The ranked labels of this image; skips images before it. */
        List<Long> labelsOf(long image) throws SQLException {
            while (hasRow && rs.getLong(1) < image) hasRow = rs.next();
            List<Long> labels = new ArrayList<>(8);
            while (hasRow && rs.getLong(1) == image) {
                labels.add(rs.getLong(2));
                hasRow = rs.next();
            }
            return labels;
        }

        @Override
        public void close() throws SQLException {
            rs.close();
        }
    }
}
