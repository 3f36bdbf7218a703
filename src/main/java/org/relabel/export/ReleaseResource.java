package org.relabel.export;

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
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.HexFormat;
import java.util.List;
import org.relabel.account.Roles;
import org.relabel.dataset.Dataset;
import org.relabel.dataset.DatasetService;
import org.relabel.job.JobService;
import org.relabel.job.JobView;
import org.relabel.web.ProblemException;

/**
 * The releases API (DESIGN.md section 8): freeze, list, read a release and download its files (with ETag, their
 * SHA-256), diff two releases or a release and the original labels. Researchers, curators and admins who may see
 * the dataset; never annotators.
 */
@Path("/api/datasets/{d}/releases")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.CURATOR, Roles.RESEARCHER})
public class ReleaseResource {
    @Inject
    DatasetService datasets;
    @Inject
    ReleaseService releases;
    @Inject
    ReleaseDiffs diffs;
    @Inject
    ReleaseJob releaseJob;
    @Inject
    JobService jobs;
    @Inject
    SecurityIdentity identity;

    /**
     * Freezes the current reviewed labels into the next release: {@code {"notes"?, "authors"?}} (both optional; the
     * body may be empty). 201 with {@code {"version", "name", "url", "warnings", "millis", "release"}}; with
     * {@code ?async=true} 202 with a job whose result is that object.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response freeze(@PathParam("d") String key, @QueryParam("async") @DefaultValue("false") boolean async,
                           ReleaseService.FreezeRequest request) {
        Dataset ds = datasets.require(key);
        ReleaseService.FreezeRequest r = (request == null ? new ReleaseService.FreezeRequest(null, null) : request)
                .validated();
        ReleaseJob.Params params = new ReleaseJob.Params(ds.id, r.notes(), r.authors(), identity.getPrincipal().getName());
        if (async) {
            JobView job = JobView.of(jobs.enqueue(ReleaseJob.KIND, ds.id, params, params.user()));
            return Response.accepted(job).location(URI.create(job.location())).build();
        }
        ReleaseService.FreezeResult frozen = releaseJob.runNow(params);
        return Response.created(URI.create(frozen.url())).entity(frozen).build();
    }

    /** The releases of a dataset, newest first, each with its files and their SHA-256. */
    @GET
    public List<ReleaseService.ReleaseView> list(@PathParam("d") String key) {
        return releases.list(datasets.require(key));
    }

    /** One release ("3" or "v3"): provenance summary and files. */
    @GET
    @Path("{v}")
    public ReleaseService.ReleaseView release(@PathParam("d") String key, @PathParam("v") String version) {
        return releases.require(datasets.require(key), version).view();
    }

    /**
     * What changed from {@code from} ({@code original}, or a release; default the previous release, or the original
     * labels for the first) to release {@code v}: counts by reason and status transition, and the changed images in
     * image-key order, optionally of one {@code reason}, keyset-paged ({@code after} = the last image of a page).
     */
    @GET
    @Path("{v}/diff")
    public ReleaseDiffs.DiffView diff(@PathParam("d") String key, @PathParam("v") String version,
                                      @QueryParam("from") String from, @QueryParam("reason") String reason,
                                      @QueryParam("after") String after, @QueryParam("limit") @DefaultValue("100") int limit) {
        Dataset ds = datasets.require(key);
        return diffs.diff(ds, version, from, reason, after, Math.max(1, Math.min(limit, 1000)));
    }

    /**
     * A file of a release: {@code labels.json}, {@code labels.csv}, {@code manifest.json}, {@code judgments.csv},
     * {@code label-studio.json}, {@code label-studio.xml}, {@code decisions.csv}. The ETag is the file's SHA-256
     * (also in {@code Repr-Digest}); files never change, so they may be cached for good.
     */
    @GET
    @Path("{v}/{file}")
    @Produces(MediaType.WILDCARD)
    public Response file(@PathParam("d") String key, @PathParam("v") String version, @PathParam("file") String name,
                         @HeaderParam("If-None-Match") String ifNoneMatch) {
        Dataset ds = datasets.require(key);
        ReleaseService.Stored release = releases.require(ds, version);
        ReleaseService.FileView f = release.view().file(name).orElseThrow(() ->
                ProblemException.notFound("File '" + name + "' of release " + release.view().name()));
        EntityTag tag = new EntityTag(f.sha256());
        CacheControl cc = new CacheControl();
        cc.setPrivate(true);
        cc.setMaxAge(31_536_000);
        if (ifNoneMatch != null && (ifNoneMatch.contains("\"" + f.sha256() + "\"") || ifNoneMatch.trim().equals("*"))) {
            return Response.notModified(tag).cacheControl(cc).build();
        }
        java.nio.file.Path path = release.file(f.name());
        if (!java.nio.file.Files.isRegularFile(path)) {
            throw new ProblemException(500, "internal-error", "Release file missing",
                    "The file " + f.name() + " of release " + release.view().name() + " is missing from the release store");
        }
        String type = f.mediaType().startsWith("text/") || f.mediaType().endsWith("json") || f.mediaType().endsWith("xml")
                ? f.mediaType() + "; charset=UTF-8" : f.mediaType();
        String download = ds.key + "-" + release.view().name() + "-" + f.name();
        return Response.ok(path.toFile(), type).tag(tag).cacheControl(cc)
                .header("Content-Disposition", "attachment; filename=\"" + download.replace("\"", "") + "\"")
                .header("Repr-Digest", "sha-256=:" + java.util.Base64.getEncoder()
                        .encodeToString(HexFormat.of().parseHex(f.sha256())) + ":")
                .header("X-Content-Type-Options", "nosniff").build();
    }
}
