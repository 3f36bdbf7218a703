package org.relabel.dataset;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.relabel.account.CurrentUser;
import org.relabel.account.DatasetAccess;
import org.relabel.account.Roles;
import org.relabel.job.JobService;
import org.relabel.job.JobView;

/** The dataset overview page: counts, uploads with progress, images, recent jobs. */
@Path("/datasets")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Roles.ADMIN, Roles.CURATOR, Roles.RESEARCHER})
public class DatasetPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance dataset(DatasetService.Summary summary, List<DatasetQueries.ClassView> classes,
                                               DatasetQueries.ImagePage images, List<JobView> jobs, boolean canUpload);
    }

    @Inject
    DatasetService datasets;
    @Inject
    DatasetQueries queries;
    @Inject
    JobService jobs;
    @Inject
    CurrentUser user;
    @Inject
    DatasetAccess access;

    @GET
    @Path("{d}")
    public TemplateInstance dataset(@PathParam("d") String key, @QueryParam("after") String after) {
        Dataset ds = datasets.require(key);
        List<DatasetQueries.ClassView> classes = queries.classes(ds.id);
        return Templates.dataset(datasets.summary(ds), classes.subList(0, Math.min(classes.size(), 200)),
                queries.images(ds.id, after, 48),
                jobs.recent(ds.id, 10).stream().map(JobView::of).toList(), user.has(Roles.ADMIN) || access.rolesIn(ds.id).contains(Roles.RESEARCHER));
    }
}
