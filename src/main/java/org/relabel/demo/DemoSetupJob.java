package org.relabel.demo;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.relabel.dataset.Dataset;
import org.relabel.job.JobContext;
import org.relabel.job.JobHandler;

/** Builds the demo project stage by stage; resumable because every stage skips work already done. */
@ApplicationScoped
public class DemoSetupJob implements JobHandler {
    public static final String KIND = "demo-setup";

    @Inject
    DemoService demo;

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
        Dataset ds = demo.createDataset(context);
        demo.trainAndScore(ds, context, 0.15, 0.8);
        context.progress(1.0, "demo dataset ready");
        return Map.of("dataset", ds.key);
    }
}
