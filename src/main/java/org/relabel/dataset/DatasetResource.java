package org.relabel.dataset;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
import org.relabel.job.JobService;
import org.relabel.job.JobView;
import org.relabel.upload.UploadSpool;

/** Datasets, classes and images: the researcher API of DESIGN.md section 8. */
@Path("/api/datasets")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.CURATOR, Roles.RESEARCHER})
public class DatasetResource {
    public static final String ZIP = "application/zip";

    @Inject
    DatasetService datasets;
    @Inject
    DatasetImportJob imports;
    @Inject
    DatasetQueries queries;
    @Inject
    JobService jobs;
    @Inject
    UploadSpool spool;
    @Inject
    SecurityIdentity identity;

    /** Create or rename a dataset. */
    public record DatasetRequest(String name, String description) {
    }

    @GET
    public List<DatasetService.Summary> list() {
        return datasets.list();
    }

    @PUT
    @Path("{d}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.RESEARCHER})
    public Response put(@PathParam("d") String key, DatasetRequest request) {
        DatasetRequest r = request == null ? new DatasetRequest(null, null) : request;
        DatasetService.PutResult result = datasets.put(key, r.name(), r.description());
        DatasetService.Summary summary = datasets.summary(result.dataset());
        return result.created()
                ? Response.created(URI.create("/api/datasets/" + key)).entity(summary).build()
                : Response.ok(summary).build();
    }

    @GET
    @Path("{d}")
    public DatasetService.Summary get(@PathParam("d") String key) {
        return datasets.summary(datasets.require(key));
    }

    /** Upload classes (CSV: key, name, optional index, optional description). */
    @POST
    @Path("{d}/classes")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @RolesAllowed({Roles.ADMIN, Roles.RESEARCHER})
    public Response uploadClasses(@PathParam("d") String key, @QueryParam("async") @DefaultValue("false") boolean async,
                                  InputStream body) {
        return upload(key, DatasetImportJob.What.CLASSES, body, ".csv", async);
    }

    @GET
    @Path("{d}/classes")
    public List<DatasetQueries.ClassView> classes(@PathParam("d") String key) {
        return queries.classes(datasets.require(key).id);
    }

    /** Upload images: CSV (image, label, optional location) or a zip (ImageFolder, or with images.csv). */
    @POST
    @Path("{d}/images")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN, ZIP, "application/x-zip-compressed", MediaType.APPLICATION_OCTET_STREAM})
    @RolesAllowed({Roles.ADMIN, Roles.RESEARCHER})
    public Response uploadImages(@PathParam("d") String key, @QueryParam("async") @DefaultValue("false") boolean async,
                                 @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        boolean zip = contentType != null && !contentType.startsWith("text/");
        return upload(key, zip ? DatasetImportJob.What.IMAGES_ZIP : DatasetImportJob.What.IMAGES_CSV, body,
                zip ? ".zip" : ".csv", async);
    }

    /** Images of a dataset, ordered by key, keyset-paged with {@code after} (the last key of the previous page). */
    @GET
    @Path("{d}/images")
    public DatasetQueries.ImagePage images(@PathParam("d") String key, @QueryParam("after") String after,
                                           @QueryParam("limit") @DefaultValue("100") int limit) {
        return queries.images(datasets.require(key).id, after, Math.max(1, Math.min(limit, 1000)));
    }

    /** One image: original label, pixels, and what other features know about it. */
    @GET
    @Path("{d}/images/{image: .+}")
    public DatasetQueries.ImageDetail image(@PathParam("d") String key, @PathParam("image") String image) {
        return queries.image(datasets.require(key), image);
    }

    private Response upload(String key, DatasetImportJob.What what, InputStream body, String suffix, boolean async) {
        Dataset ds = datasets.require(key, Roles.RESEARCHER);
        java.nio.file.Path file = spool.spool(body, suffix);
        DatasetImportJob.Params params = new DatasetImportJob.Params(ds.id, what, file.toString());
        String user = identity.getPrincipal().getName();
        if (async) {
            JobView job = JobView.of(jobs.enqueue(DatasetImportJob.KIND, ds.id, params, user));
            return Response.accepted(job).location(URI.create(job.location())).build();
        }
        return Response.ok(imports.runNow(params, user)).build();
    }
}
