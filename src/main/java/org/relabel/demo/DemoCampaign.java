package org.relabel.demo;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.relabel.annotation.Annotator;
import org.relabel.annotation.AssignmentService;
import org.relabel.annotation.AssignmentView;
import org.relabel.annotation.Campaign;
import org.relabel.annotation.CampaignOpenJob;
import org.relabel.annotation.CampaignRequest;
import org.relabel.annotation.CampaignService;
import org.relabel.annotation.JudgmentService;
import org.relabel.dataset.Dataset;
import org.relabel.demo.world.CrowdSpec;
import org.relabel.demo.world.Scene;
import org.relabel.demo.world.SceneObject;
import org.relabel.demo.world.SimulatedAnnotator;
import org.relabel.demo.world.SimulatedCrowd;
import org.relabel.demo.world.SimulatedResponse;
import org.relabel.job.JobContext;
import org.relabel.upload.UploadSpool;
import org.relabel.web.ProblemException;

/**
 * The demo campaign and its simulated crowd.
 *
 * <p>The campaign is an ordinary one: candidate sets from both demo models' top-k plus the original label, a few
 * gold images whose answers come from the hidden truth, and an overlap of {@code relabel.demo.crowd.overlap +
 * relabel.demo.campaign.left-for-people}. The simulated annotators ({@link SimulatedCrowd}) then work through it
 * exactly like people: {@link AssignmentService#lease} gives each one an image with a shuffled candidate order,
 * the annotator answers from the image's hidden truth, and {@link JudgmentService#submit} stores the answer
 * (source {@code SIMULATED}), running the anti-spam checks that may pause them. They stop once every regular
 * image has {@code crowd.overlap} judgments (or nobody can take another image), so the campaign stays open with
 * {@code left-for-people} judgments per image for real annotators.
 */
@ApplicationScoped
public class DemoCampaign {
    private static final Logger LOG = Logger.getLogger(DemoCampaign.class);
    /** Name of the demo campaign; the setup finds it again by this name when it resumes. */
    public static final String NAME = "Demo: which objects are in the scene?";
    static final String INSTRUCTIONS = """
            Each picture is a small synthetic scene with one to three objects on a background.

            1. Tick **every** object of the list that you can see in the picture (there may be several).
            2. Choose the **main** object: the largest one.
            3. If none of the listed objects is in the picture, choose *none of these*.

            The background does not decide anything: a fish may be on grass.""";

    @Inject
    DemoConfig config;
    @Inject
    CampaignService campaigns;
    @Inject
    CampaignOpenJob opener;
    @Inject
    AssignmentService assignments;
    @Inject
    JudgmentService judgments;
    @Inject
    UploadSpool spool;
    @Inject
    AgroalDataSource dataSource;

    /** What the crowd stage did. */
    public record CrowdResult(int judgments, int annotators, List<String> paused, long imagesShort) {
    }

    /** The demo campaign of the dataset, if it was created. */
    public Optional<Campaign> find(Dataset ds) {
        return QuarkusTransaction.requiringNew().call(() ->
                Campaign.<Campaign>find("datasetId = ?1 and name = ?2 order by id", ds.id, NAME).firstResultOptional());
    }

    /**
     * Stage 3: creates the campaign (models, top-k, overlap, gold answers from the truth) and opens it. Skips what
     * exists: an open or closed campaign is returned as it is; a draft gets its gold answers again and is opened.
     */
    public Campaign createAndOpen(Dataset ds, List<Scene> scenes, JobContext ctx) {
        Campaign c = find(ds).orElse(null);
        if (c != null && (c.state == Campaign.State.OPEN || c.state == Campaign.State.CLOSED)) return c;
        if (c == null) {
            List<String> models = new ArrayList<>(campaigns.modelNames(ds.id).values());
            DemoConfig.Campaign settings = config.campaign();
            c = campaigns.create(ds, new CampaignRequest(NAME, INSTRUCTIONS, models, settings.topK(), null, null,
                    config.crowd().overlap() + settings.leftForPeople(), settings.goldRate(), null, null), DemoService.SYSTEM);
        }
        if (c.state == Campaign.State.DRAFT) {
            ctx.progress(0, "setting " + config.campaign().goldImages() + " gold images from the hidden truth");
            Path gold = spool.spool(new ByteArrayInputStream(goldCsv(scenes, config.campaign().goldImages())
                    .getBytes(StandardCharsets.UTF_8)), ".csv");
            try {
                campaigns.uploadGold(ds, c.id, gold);
            } finally {
                spool.delete(gold);
            }
        }
        ctx.progress(0.5, "opening the demo campaign");
        opener.runNow(ds, c.id, DemoService.SYSTEM);
        return campaigns.require(c.id);
    }

    /**
     * Gold answers ({@code image,labels,main}) for the first {@code count} clear scenes: one large object (never a
     * small one that careful annotators could miss) and a correct original label, in scene order.
     */
    static String goldCsv(List<Scene> scenes, int count) {
        StringBuilder csv = new StringBuilder("image,labels,main\n");
        int n = 0;
        for (Scene s : scenes) {
            if (n >= count) break;
            if (s.objects().size() != 1 || s.labelError()) continue;
            SceneObject o = s.objects().get(0);
            if (o.size() < SimulatedAnnotator.SMALL_OBJECT_FRACTION * s.size()) continue;
            csv.append(s.key()).append(".png,").append(o.classKey()).append(',').append(o.classKey()).append('\n');
            n++;
        }
        return csv.toString();
    }

    /**
     * Stage 4: the simulated crowd answers the open campaign through the assignment queue and the judgment service
     * until every regular image has {@code crowd.overlap} judgments or no annotator can take another image (all
     * paused, or nothing left that they have not seen). The annotators are dealt to {@code crowd.threads} workers;
     * each worker lets its annotators take one image in turn, so the queue sees concurrent annotators as with
     * people. Resumes after an interruption: leases still held are answered first, and judgments already stored
     * count.
     */
    public CrowdResult runCrowd(Dataset ds, Campaign campaign, List<Scene> scenes, JobContext ctx) throws Exception {
        int overlap = config.crowd().overlap();
        if (campaign.state != Campaign.State.OPEN) {
            return new CrowdResult(0, 0, List.of(), countShort(campaign.id, overlap));
        }
        DemoConfig.Crowd spec = config.crowd();
        SimulatedCrowd crowd = new SimulatedCrowd(new CrowdSpec(config.seed(), spec.reliable(), spec.sloppy(),
                spec.spammers()));
        Map<String, Scene> byImage = new HashMap<>();
        for (Scene s : scenes) byImage.put(s.key() + ".png", s);
        Run run = new Run(campaign.id, overlap, byImage, ctx, Math.max(1, missing(campaign.id, overlap)));
        for (SimulatedAnnotator a : crowd.annotators()) {
            for (AssignmentView v : assignments.active(campaign.id, Annotator.simulated(a.name()))) run.answer(a, v);
        }
        int workers = Math.max(1, Math.min(spec.threads(), crowd.annotators().size()));
        List<List<SimulatedAnnotator>> groups = new ArrayList<>();
        for (int w = 0; w < workers; w++) groups.add(new ArrayList<>());
        for (int i = 0; i < crowd.annotators().size(); i++) groups.get(i % workers).add(crowd.annotators().get(i));
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "demo-crowd");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                List<SimulatedAnnotator> group = groups.get(w);
                boolean reporter = w == 0;
                futures.add(pool.submit(() -> {
                    run.work(group, reporter);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    run.stop = true;
                    throw e.getCause() instanceof Exception ex ? ex : e;
                }
            }
        } finally {
            run.stop = true;
            pool.shutdownNow();
        }
        long missing = missing(campaign.id, overlap);
        int stored = run.stored.get();
        LOG.infof("demo crowd: %d judgments in %d threads; per judgment: lease %.1f ms, submit %.1f ms", stored, workers,
                run.leaseNanos.get() / 1e6 / Math.max(1, stored), run.submitNanos.get() / 1e6 / Math.max(1, stored));
        if (missing > 0) {
            LOG.infof("demo crowd stopped with %d judgments still wanted (paused: %s)", missing, run.paused);
        }
        return new CrowdResult(stored, crowd.annotators().size(), List.copyOf(new TreeSet<>(run.paused)),
                countShort(campaign.id, overlap));
    }

    /** One run of the crowd, shared by its workers. */
    private final class Run {
        final long campaignId;
        final int overlap;
        final Map<String, Scene> byImage;
        final JobContext ctx;
        final long start;
        final AtomicInteger stored = new AtomicInteger();
        final AtomicLong leaseNanos = new AtomicLong();
        final AtomicLong submitNanos = new AtomicLong();
        final Set<String> paused = ConcurrentHashMap.newKeySet();
        volatile boolean stop;

        Run(long campaignId, int overlap, Map<String, Scene> byImage, JobContext ctx, long start) {
            this.campaignId = campaignId;
            this.overlap = overlap;
            this.byImage = byImage;
            this.ctx = ctx;
            this.start = start;
        }

        /** Lets the annotators take one image each in turn until nothing is wanted or none of them can go on. */
        void work(List<SimulatedAnnotator> group, boolean reporter) throws InterruptedException {
            List<SimulatedAnnotator> active = new ArrayList<>(group);
            while (!stop && !active.isEmpty()) {
                for (Iterator<SimulatedAnnotator> it = active.iterator(); it.hasNext() && !stop; ) {
                    SimulatedAnnotator a = it.next();
                    if (missing(campaignId, overlap) <= 0) return;
                    Optional<AssignmentView> view;
                    long t0 = System.nanoTime();
                    try {
                        view = assignments.lease(campaignId, Annotator.simulated(a.name()));
                    } catch (ProblemException e) {
                        if (e.status() == 403) {
                            paused.add(a.name());
                            it.remove();
                            continue;
                        }
                        if (e.status() == 503) {
                            Thread.sleep(5);
                            continue;
                        }
                        throw e;
                    }
                    leaseNanos.addAndGet(System.nanoTime() - t0);
                    if (view.isEmpty()) {
                        it.remove();
                        continue;
                    }
                    answer(a, view.get());
                }
                ctx.checkCancelled();
                if (reporter) {
                    long missing = missing(campaignId, overlap);
                    ctx.progress(1.0 - (double) missing / start, stored.get() + " simulated judgments, " + missing
                            + " still wanted" + (paused.isEmpty() ? "" : ", " + paused.size() + " annotators paused"));
                }
            }
        }

        /** Answers one lease from the hidden truth of its image; a refused answer (e.g. the campaign closed) is skipped. */
        void answer(SimulatedAnnotator a, AssignmentView view) {
            String key = imageKey(view.id());
            Scene scene = byImage.get(key);
            if (scene == null) throw new IllegalStateException("image " + key + " is not a scene of the demo world");
            List<String> shown = view.candidates().stream().map(AssignmentView.Candidate::key).toList();
            SimulatedResponse r = a.respond(scene, shown);
            long t0 = System.nanoTime();
            try {
                judgments.submit(new JudgmentService.Submission(campaignId, view.id(), Annotator.simulated(a.name()),
                        r.selected(), r.main(), r.noneApply(), false, (int) Math.min(Integer.MAX_VALUE, r.millis()),
                        "demo-" + view.id()));
                stored.incrementAndGet();
            } catch (ProblemException e) {
                if (e.status() != 409) throw e;
                LOG.debugf("simulated judgment of %s on %s refused: %s", a.name(), key, e.getMessage());
            } finally {
                submitNanos.addAndGet(System.nanoTime() - t0);
            }
        }
    }

    private String imageKey(long assignmentId) {
        return query("SELECT i.image_key FROM assignment a JOIN image i ON i.id = a.image_id WHERE a.id = ?",
                rs -> rs.next() ? rs.getString(1) : null, assignmentId);
    }

    /** Judgments still wanted from the crowd: sum over regular images of max(0, overlap - judgments done). */
    long missing(long campaignId, int overlap) {
        return query("SELECT COALESCE(SUM(? - judgments_done), 0) FROM campaign_image WHERE campaign_id = ? "
                + "AND gold = FALSE AND judgments_done < ?", rs -> rs.next() ? rs.getLong(1) : 0L, overlap, campaignId, overlap);
    }

    private long countShort(long campaignId, int overlap) {
        return query("SELECT COUNT(*) FROM campaign_image WHERE campaign_id = ? AND gold = FALSE AND judgments_done < ?",
                rs -> rs.next() ? rs.getLong(1) : 0L, campaignId, overlap);
    }

    private interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> T query(String sql, Reader<T> reader, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                return reader.read(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
