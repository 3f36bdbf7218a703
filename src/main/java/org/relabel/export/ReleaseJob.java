package org.relabel.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.relabel.job.JobContext;
import org.relabel.job.JobHandler;
import org.relabel.job.JobService;

/**
 * Freezing a release as a job: inline for the API ({@link #runNow}), queued for {@code ?async=true} and the pages.
 * Not resumable: a release freezes the labels as they are when it runs, so an interrupted one is started again by
 * whoever wanted it (nothing of it was kept).
 */
@ApplicationScoped
public class ReleaseJob implements JobHandler {
    public static final String KIND = "release";

    /** Job parameters: the dataset, what to record, and who asked (recorded as the release's creator). */
    public record Params(long datasetId, String notes, String authors, String user) {
    }

    @Inject
    ReleaseService releases;
    @Inject
    JobService jobs;
    @Inject
    ObjectMapper mapper;

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Object run(JobContext context, String params) throws Exception {
        return freeze(mapper.readValue(params, Params.class), context);
    }

    /** Freezes now, in the caller's thread, recorded as a job. */
    public ReleaseService.FreezeResult runNow(Params p) {
        return jobs.runNow(KIND, p.datasetId(), p, p.user(), ctx -> freeze(p, ctx));
    }

    private ReleaseService.FreezeResult freeze(Params p, JobContext ctx) {
        return releases.freeze(p.datasetId(), new ReleaseService.FreezeRequest(p.notes(), p.authors()), p.user(), ctx);
    }
}
