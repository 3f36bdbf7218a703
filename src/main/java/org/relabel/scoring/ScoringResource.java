package org.relabel.scoring;

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
import org.relabel.dataset.Dataset;
import org.relabel.dataset.DatasetService;
import org.relabel.job.JobService;
import org.relabel.job.JobView;
import org.relabel.upload.UploadSpool;
import org.relabel.web.ProblemException;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Models and their predictions: import from files, list with accuracy vs original labels. */
@Path("/api/datasets/{d}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.CURATOR, Roles.RESEARCHER})
public class ScoringResource {
    public static final String NDJSON = "application/x-ndjson";

    @Inject
    DatasetService datasets;
    @Inject
    ModelQueries models;
    @Inject
    PredictionImportJob imports;
    @Inject
    JobService jobs;
    @Inject
    UploadSpool spool;
    @Inject
    SecurityIdentity identity;
    @Inject
    ModelRegistry registry;
    @Inject
    ScoringJob scoring;

    /** Upload predictions of models run elsewhere: CSV or JSON Lines. */
    @POST
    @Path("predictions")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN, NDJSON, "application/jsonl", "application/json"})
    @RolesAllowed({Roles.ADMIN, Roles.RESEARCHER})
    public Response uploadPredictions(@PathParam("d") String key, @QueryParam("async") @DefaultValue("false") boolean async,
                                      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        Dataset ds = datasets.require(key, Roles.RESEARCHER);
        boolean csv = contentType == null || contentType.startsWith("text/");
        java.nio.file.Path file = spool.spool(body, csv ? ".csv" : ".jsonl");
        PredictionImportJob.Params params = new PredictionImportJob.Params(ds.id,
                csv ? PredictionImporter.Format.CSV : PredictionImporter.Format.JSONL, file.toString());
        String user = identity.getPrincipal().getName();
        if (async) {
            JobView job = JobView.of(jobs.enqueue(PredictionImportJob.KIND, ds.id, params, user));
            return Response.accepted(job).location(URI.create(job.location())).build();
        }
        return Response.ok(imports.runNow(params, user)).build();
    }

    /**
     * Registers a model for DJL scoring (multipart): {@code name}, {@code file} (.pt TorchScript, .onnx, or a
     * zip of a DJL model directory), optional {@code format}, {@code preprocessing} JSON and {@code synset} (a file
     * whose line i names the class of output i - 1; without it outputs map by the classes' {@code index}).
     */
    @POST
    @Path("models")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({Roles.ADMIN, Roles.RESEARCHER})
    public Response register(@PathParam("d") String key, @RestForm("name") String name, @RestForm("format") String format,
                             @RestForm("preprocessing") String preprocessing, @RestForm("file") FileUpload file,
                             @RestForm("synset") FileUpload synset) {
        Dataset ds = datasets.require(key, Roles.RESEARCHER);
        if (file == null) throw ProblemException.badRequest("the multipart field 'file' (the model) is missing");
        Model model = registry.register(ds, name, format, file.uploadedFile(), file.fileName(), preprocessing,
                synset == null ? null : synset.uploadedFile());
        ModelQueries.ModelView view = models.models(ds.id).stream().filter(m -> m.name().equals(model.name))
                .findFirst().orElseThrow();
        return Response.created(URI.create("/api/datasets/" + key + "/models/" + model.name)).entity(view).build();
    }

    /** Starts a scoring job for a registered model: every image with pixels not yet scored gets its top-k. */
    @POST
    @Path("models/{m}/score")
    @RolesAllowed({Roles.ADMIN, Roles.RESEARCHER})
    public Response score(@PathParam("d") String key, @PathParam("m") String modelName, @QueryParam("topK") Integer topK) {
        Dataset ds = datasets.require(key, Roles.RESEARCHER);
        JobView job = JobView.of(scoring.start(ds, modelName, topK, identity.getPrincipal().getName()));
        return Response.accepted(job).location(URI.create(job.location())).build();
    }

    /** Models with the number of scored images and accuracy vs original labels (top-1, top-5, 95% interval). */
    @GET
    @Path("models")
    public List<ModelQueries.ModelView> models(@PathParam("d") String key) {
        return models.models(datasets.require(key).id);
    }
}
