package org.relabel.audit;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.relabel.account.Roles;
import org.relabel.dataset.Dataset;
import org.relabel.dataset.DatasetService;
import org.relabel.job.JobService;
import org.relabel.job.JobView;
import org.relabel.web.ProblemException;

/** The audit API: metrics per model, findings, review decisions and their audit log. */
@Path("/api/datasets")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.CURATOR, Roles.RESEARCHER})
public class AuditResource {
    @Inject
    DatasetService datasets;
    @Inject
    MetricsService metrics;
    @Inject
    FindingService findings;
    @Inject
    ReviewService reviews;
    @Inject
    JobService jobs;
    @Inject
    SecurityIdentity identity;
    @Inject
    Instance<ReleaseLabelSource> releases;

    /**
     * Per model: top-1/top-5 vs original labels, main-label and any-valid-label accuracy over the reviewed
     * labels, each with n and a 95% Wilson interval (null when n = 0), by number of objects and by class; plus
     * dataset figures. {@code release} ("v3" or "3"): against the labels of that frozen release instead.
     */
    @GET
    @Path("{d}/metrics")
    public MetricsService.MetricsView metrics(@PathParam("d") String key, @QueryParam("model") String model,
                                              @QueryParam("release") String release) {
        Dataset ds = datasets.require(key);
        if (release != null && !release.isBlank()) {
            ReleaseLabelSource.Frozen frozen = frozen(releases, ds, release);
            return MetricsService.MetricsView.of(ds.key, frozen.release(), metrics.compute(ds.id, model, frozen));
        }
        return MetricsService.MetricsView.of(ds.key, metrics.compute(ds.id, model));
    }

    /** The labels of a dataset's release, or a 404 problem (also when releases are not available). */
    static ReleaseLabelSource.Frozen frozen(Instance<ReleaseLabelSource> releases, Dataset ds, String release) {
        return (releases.isResolvable() ? releases.get().labels(ds.id, release) : java.util.Optional.<ReleaseLabelSource.Frozen>empty())
                .orElseThrow(() -> ProblemException.notFound("Release '" + release + "' of dataset '" + ds.key + "'"));
    }

    /** Findings in queue order (highest score first), filtered by kind and status (open, resolved, all). */
    @GET
    @Path("{d}/findings")
    public FindingService.Page findings(@PathParam("d") String key, @QueryParam("kind") String kind,
                                        @QueryParam("status") @DefaultValue("open") String status,
                                        @QueryParam("after") String after,
                                        @QueryParam("limit") @DefaultValue("100") int limit) {
        Dataset ds = datasets.require(key);
        return findings.page(ds.id, FindingService.kind(kind), FindingService.status(status),
                FindingService.Cursor.parse(after), Math.max(1, Math.min(limit, 1000)), false);
    }

    /** Recomputes the findings from the stored consensus (a job; also done after every aggregation). */
    @POST
    @Path("{d}/findings")
    @RolesAllowed({Roles.ADMIN, Roles.CURATOR})
    public Response recomputeFindings(@PathParam("d") String key) {
        Dataset ds = datasets.require(key);
        JobView job = JobView.of(jobs.enqueue(FindingsJob.KIND, ds.id, new FindingsJob.Params(ds.id),
                identity.getPrincipal().getName()));
        return Response.accepted(job).location(URI.create(job.location())).build();
    }

    /**
     * Records a curator's decision on an image: {@code {"decision", "reason", "valid", "main", "supersedes",
     * "finding"}}. Revising the current decision requires {@code "supersedes": <its id>} (409 otherwise).
     */
    @POST
    @Path("{d}/images/{image: .+}/review")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.CURATOR})
    public Response review(@PathParam("d") String key, @PathParam("image") String image, ReviewService.Request request) {
        Dataset ds = datasets.require(key);
        ReviewService.DecisionView d = reviews.decide(ds, image, request, identity.getPrincipal().getName());
        return Response.status(201).entity(d).build();
    }

    /** The audit log: every decision, newest first, optionally of one image (keyset-paged by id). */
    @GET
    @Path("{d}/reviews")
    public ReviewService.Page reviews(@PathParam("d") String key, @QueryParam("image") String image,
                                      @QueryParam("after") Long after, @QueryParam("limit") @DefaultValue("100") int limit) {
        Dataset ds = datasets.require(key);
        return reviews.log(ds.id, image, after, Math.max(1, Math.min(limit, 1000)));
    }
}
