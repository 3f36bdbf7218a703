package org.relabel.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.relabel.job.JobContext;
import org.relabel.job.JobHandler;

/** Recomputing a dataset's findings as a job; idempotent, so it resumes after a crash. */
@ApplicationScoped
public class FindingsJob implements JobHandler {
    public static final String KIND = "findings";

    /** Job parameters. */
    public record Params(long datasetId) {
    }

    @Inject
    FindingService findings;
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
        context.progress(0.05, "computing findings");
        FindingService.Summary s = findings.recompute(p.datasetId());
        context.progress(1.0, s.findings() + " findings, " + s.open() + " open");
        return s;
    }
}
