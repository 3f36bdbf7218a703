package org.relabel.consensus;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.relabel.job.JobContext;
import org.relabel.job.JobHandler;

/** Aggregation as a job; re-running is safe (it replaces the stored consensus), so it resumes after a crash. */
@ApplicationScoped
public class ConsensusJob implements JobHandler {
    public static final String KIND = "consensus";

    /** Job parameters. */
    public record Params(long datasetId, String method, Double threshold) {
    }

    @Inject
    ConsensusService consensus;
    @Inject
    ObjectMapper mapper;

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
        Params p = mapper.readValue(params, Params.class);
        return consensus.aggregate(p.datasetId(), new ConsensusService.Request(p.method(), p.threshold()), context);
    }
}
