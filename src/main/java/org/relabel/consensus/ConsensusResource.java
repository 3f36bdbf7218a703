package org.relabel.consensus;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import org.relabel.account.Roles;
import org.relabel.annotation.JudgmentImportJob;
import org.relabel.annotation.JudgmentImporter;
import org.relabel.dataset.Dataset;
import org.relabel.dataset.DatasetService;
import org.relabel.job.JobService;
import org.relabel.job.JobView;
import org.relabel.upload.UploadSpool;

/** Consensus: aggregate judgments (a job), read the result per image, annotator quality; import external judgments. */
@Path("/api/datasets/{d}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.CURATOR, Roles.RESEARCHER})
public class ConsensusResource {
    @Inject
    DatasetService datasets;
    @Inject
    ConsensusQueries queries;
    @Inject
    JobService jobs;
    @Inject
    JudgmentImportJob judgmentImports;
    @Inject
    UploadSpool spool;
    @Inject
    SecurityIdentity identity;

    /** Starts an aggregation job: {@code {"method": "dawid-skene"|"majority"|..., "threshold": 0.8}}. */
    @POST
    @Path("consensus")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.CURATOR})
    public Response aggregate(@PathParam("d") String key, ConsensusService.Request request) {
        Dataset ds = datasets.require(key);
        ConsensusService.Request r = (request == null ? new ConsensusService.Request(null, null) : request).normalised();
        JobView job = JobView.of(jobs.enqueue(ConsensusJob.KIND, ds.id,
                new ConsensusJob.Params(ds.id, r.method(), r.threshold()), identity.getPrincipal().getName()));
        return Response.accepted(job).location(URI.create(job.location())).build();
    }

    /** Consensus per image in image-key order: SFs, valid set, main label, objects, confidence (keyset-paged). */
    @GET
    @Path("consensus")
    public ConsensusQueries.Page consensus(@PathParam("d") String key, @QueryParam("after") String after,
                                           @QueryParam("limit") @DefaultValue("1000") int limit) {
        return queries.page(datasets.require(key).id, after, Math.max(1, Math.min(limit, 10_000)));
    }

    /** Annotator quality measured by the latest aggregation. */
    @GET
    @Path("annotators")
    @RolesAllowed({Roles.ADMIN, Roles.CURATOR})
    public List<ConsensusQueries.AnnotatorView> annotators(@PathParam("d") String key) {
        return queries.annotators(datasets.require(key).id);
    }

    /** Upload external judgments: CSV (image, label, annotator, answer) or JSON Lines (image, annotator, selected, main, shown). */
    @POST
    @Path("judgments")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN, "application/x-ndjson", "application/jsonl", MediaType.APPLICATION_JSON})
    @RolesAllowed({Roles.ADMIN, Roles.RESEARCHER, Roles.CURATOR})
    public Response uploadJudgments(@PathParam("d") String key, @QueryParam("async") @DefaultValue("false") boolean async,
                                    @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        Dataset ds = datasets.require(key);
        boolean csv = contentType == null || contentType.startsWith("text/");
        java.nio.file.Path file = spool.spool(body, csv ? ".csv" : ".jsonl");
        JudgmentImportJob.Params params = new JudgmentImportJob.Params(ds.id,
                csv ? JudgmentImporter.Format.CSV : JudgmentImporter.Format.JSONL, file.toString());
        String user = identity.getPrincipal().getName();
        if (async) {
            JobView job = JobView.of(jobs.enqueue(JudgmentImportJob.KIND, ds.id, params, user));
            return Response.accepted(job).location(URI.create(job.location())).build();
        }
        return Response.ok(judgmentImports.runNow(params, user)).build();
    }
}
