package org.relabel.demo;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jboss.logging.Logger;
import org.relabel.annotation.Campaign;
import org.relabel.consensus.ConsensusService;
import org.relabel.dataset.Dataset;
import org.relabel.demo.world.Scene;
import org.relabel.job.JobContext;
import org.relabel.job.JobHandler;

/**
 * Builds the demo project stage by stage: the dataset with its hidden truth, the trained and scored models, the
 * campaign, the simulated crowd's judgments, and the consensus with its findings. Resumable because every stage
 * skips work already done. Each stage's wall time is logged and returned in the job's result
 * ({@code timings}, seconds per stage).
 */
@ApplicationScoped
public class DemoSetupJob implements JobHandler {
    public static final String KIND = "demo-setup";
    private static final Logger LOG = Logger.getLogger(DemoSetupJob.class);

    @Inject
    DemoService demo;
    @Inject
    DemoCampaign campaign;

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean resumable() {
        return true;
    }

    @Override
    public Object run(JobContext context, String params) throws Exception {
        Map<String, Double> timings = new LinkedHashMap<>();
        long started = System.nanoTime();
        Dataset ds = timed(timings, "dataset", () -> demo.createDataset(context));
        timed(timings, "models", () -> {
            demo.trainAndScore(ds, context, 0.15, 0.6);
            return null;
        });
        List<Scene> scenes = demo.testScenes();
        Campaign c = timed(timings, "campaign", () -> campaign.createAndOpen(ds, scenes, new ScaledContext(context, 0.6, 0.65)));
        DemoCampaign.CrowdResult crowd = timed(timings, "crowd",
                () -> campaign.runCrowd(ds, c, scenes, new ScaledContext(context, 0.65, 0.9)));
        ConsensusService.RunSummary consensus = timed(timings, "consensus",
                () -> demo.consensus(ds, new ScaledContext(context, 0.9, 1.0)));
        double total = (System.nanoTime() - started) / 1e9;
        timings.put("total", round(total));
        StringBuilder line = new StringBuilder();
        timings.forEach((stage, s) -> line.append(line.isEmpty() ? "" : ", ").append(stage).append(' ')
                .append(String.format(Locale.ROOT, "%.1f s", s)));
        LOG.infof("demo project ready: %s", line);
        context.progress(1.0, "demo project ready in " + String.format(Locale.ROOT, "%.0f s", total));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("dataset", ds.key);
        result.put("campaign", c.id);
        result.put("simulatedJudgments", crowd.judgments());
        result.put("pausedAnnotators", crowd.paused());
        result.put("imagesShortOfOverlap", crowd.imagesShort());
        result.put("consensusImages", consensus == null ? null : consensus.images());
        result.put("timings", timings);
        return result;
    }

    private static <T> T timed(Map<String, Double> timings, String stage, Callable<T> work) throws Exception {
        long t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        try {
            return work.call();
        } finally {
            double seconds = (System.nanoTime() - t0) / 1e9;
            timings.put(stage, round(seconds));
            long cpu = processCpuNanos() - cpu0;
            LOG.infof("demo setup: stage %s took %.1f s (CPU time of the process: %.1f s)", stage, seconds,
                    cpu0 < 0 ? Double.NaN : cpu / 1e9);
        }
    }

    /** CPU time of the whole process (all threads, the engine's too), or -1 where the JVM does not tell. */
    private static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }
}
