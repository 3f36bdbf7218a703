package org.relabel.export;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.relabel.account.Roles;
import org.relabel.dataset.Dataset;
import org.relabel.dataset.DatasetService;
import org.relabel.export.domain.ReleaseDiff;
import org.relabel.export.domain.ReleaseTexts;
import org.relabel.job.Job;
import org.relabel.job.JobService;
import org.relabel.job.JobState;
import org.relabel.job.JobView;

/**
 * Release pages for researchers: the list of a dataset's releases with a form to freeze a new one (a job; the page
 * follows it without JavaScript), a release's page (provenance, downloads with SHA-256, how to load the files in
 * Python, a citation) and the diff page.
 */
@Path("/datasets/{d}/releases")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Roles.ADMIN, Roles.CURATOR, Roles.RESEARCHER})
public class ReleasePages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance releases(Dataset dataset, List<ReleaseService.ReleaseView> releases, JobView job,
                                                boolean following, int next);

        static native TemplateInstance release(Dataset dataset, ReleaseService.ReleaseView release,
                                               ReleaseManifest manifest, String python, String bibtex,
                                               String pageUrl, String previous);

        static native TemplateInstance diff(Dataset dataset, ReleaseDiffs.DiffView diff, List<String> sides,
                                            List<ReleaseDiff.Reason> reasons);
    }

    @Inject
    DatasetService datasets;
    @Inject
    ReleaseService releases;
    @Inject
    ReleaseDiffs diffs;
    @Inject
    JobService jobs;
    @Inject
    SecurityIdentity identity;

    /** The releases of a dataset; {@code job}: a freeze job to follow (the page refreshes while it runs). */
    @GET
    public TemplateInstance list(@PathParam("d") String key, @QueryParam("job") String jobId) {
        Dataset ds = datasets.require(key);
        JobView job = null;
        if (jobId != null && !jobId.isBlank()) {
            Job j = jobs.find(jobId).orElse(null);
            if (j != null && ds.id.equals(j.datasetId) && ReleaseJob.KIND.equals(j.kind)) job = JobView.of(j);
        }
        boolean following = job != null && (job.state() == JobState.QUEUED || job.state() == JobState.RUNNING);
        return Templates.releases(ds, releases.list(ds), job, following, releases.nextVersion(ds.id));
    }

    /** Starts freezing a release from the form and follows the job on the list page. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response freeze(@PathParam("d") String key, @FormParam("notes") String notes,
                           @FormParam("authors") String authors) {
        Dataset ds = datasets.require(key);
        ReleaseService.FreezeRequest r = new ReleaseService.FreezeRequest(notes, authors).validated();
        String user = identity.getPrincipal().getName();
        Job job = jobs.enqueue(ReleaseJob.KIND, ds.id, new ReleaseJob.Params(ds.id, r.notes(), r.authors(), user), user);
        return Response.seeOther(URI.create("/datasets/" + enc(ds.key) + "/releases?job=" + enc(job.id))).build();
    }

    /** A release: provenance, downloads, Python, citation. */
    @GET
    @Path("{v}")
    public TemplateInstance release(@PathParam("d") String key, @PathParam("v") String version, @Context UriInfo uri) {
        Dataset ds = datasets.require(key);
        ReleaseService.Stored s = releases.require(ds, version);
        ReleaseService.ReleaseView v = s.view();
        String base = uri.getBaseUri().toString().replaceAll("/+$", "");
        String page = base + "/datasets/" + enc(ds.key) + "/releases/" + v.name();
        String python = ReleaseTexts.python(base + "/api/datasets/" + enc(ds.key) + "/releases/" + v.name() + "/",
                v.file(org.relabel.export.domain.LabelsCsv.NAME).map(ReleaseService.FileView::sha256).orElse(""));
        String bibtex = ReleaseTexts.bibtex(new ReleaseTexts.Cited(ds.key, ds.name, v.name(),
                v.authors() == null ? v.createdBy() : v.authors(), v.createdAt(), page, v.manifestSha256()));
        ReleaseService.Stored previous = diffs.from(ds, s, null);
        return Templates.release(ds, v, releases.manifest(s), python, bibtex, page,
                previous == null ? null : previous.view().name());
    }

    /** What changed: from {@code from} (a release or "original"; default the previous release) to this one. */
    @GET
    @Path("{v}/diff")
    public TemplateInstance diff(@PathParam("d") String key, @PathParam("v") String version,
                                 @QueryParam("from") String from, @QueryParam("reason") String reason,
                                 @QueryParam("after") String after, @QueryParam("limit") @DefaultValue("100") int limit) {
        Dataset ds = datasets.require(key);
        ReleaseDiffs.DiffView d = diffs.diff(ds, version, from, reason, after, Math.max(1, Math.min(limit, 1000)));
        List<String> sides = new java.util.ArrayList<>();
        sides.add(ReleaseDiffs.ORIGINAL);
        releases.list(ds).forEach(r -> sides.add(r.name()));
        return Templates.diff(ds, d, sides, List.of(ReleaseDiff.Reason.values()));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
