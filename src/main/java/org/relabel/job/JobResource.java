package org.relabel.job;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.relabel.account.DatasetAccess;
import org.relabel.account.Roles;
import org.relabel.dataset.DatasetService;
import org.relabel.web.ProblemException;

/** Long jobs: progress, result and cancellation. */
@Path("/api/jobs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.CURATOR, Roles.RESEARCHER})
public class JobResource {
    @Inject
    JobService jobs;
    @Inject
    DatasetAccess access;
    @Inject
    DatasetService datasets;

    /** The newest jobs the caller may see, optionally of one dataset ({@code dataset} key) and/or one {@code kind}. */
    @GET
    public List<JobView> list(@QueryParam("dataset") String dataset, @QueryParam("kind") String kind,
                              @QueryParam("limit") @DefaultValue("50") int limit) {
        Long datasetId = dataset == null ? null : datasets.require(dataset).id;
        return jobs.recent(datasetId, kind, Math.max(1, Math.min(limit, 500))).stream()
                .filter(j -> j.datasetId == null || access.canSee(j.datasetId)).map(JobView::of).toList();
    }

    /** The state, progress (0..1), message and result of a job (jobs of datasets the caller may not see are not found). */
    @GET
    @Path("{id}")
    public JobView get(@PathParam("id") String id) {
        return JobView.of(visible(id));
    }

    /** Requests cancellation of a queued or running job. */
    @POST
    @Path("{id}/cancel")
    public JobView cancel(@PathParam("id") String id) {
        visible(id);
        return JobView.of(jobs.cancel(id));
    }

    private Job visible(String id) {
        Job job = jobs.find(id).orElseThrow(() -> ProblemException.notFound("Job " + id));
        if (job.datasetId != null && !access.canSee(job.datasetId)) throw ProblemException.notFound("Job " + id);
        return job;
    }
}
