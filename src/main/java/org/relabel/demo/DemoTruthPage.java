package org.relabel.demo;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.relabel.account.Roles;
import org.relabel.dataset.Dataset;
import org.relabel.dataset.DatasetService;

/** The truth report page of a demo dataset (admins); 404 for a dataset without truth. Status and reset: {@link DemoAdminPage}. */
@Path("/datasets/{d}/demo")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.ADMIN)
public class DemoTruthPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance truthReport(Dataset dataset, TruthReportService.Report report, boolean demoDataset);
    }

    @Inject
    DatasetService datasets;
    @Inject
    TruthReportService reports;
    @Inject
    DemoConfig config;

    @GET
    public TemplateInstance truthReport(@PathParam("d") String key) {
        Dataset ds = datasets.require(key);
        return Templates.truthReport(ds, reports.report(ds), ds.key.equals(config.dataset()));
    }
}
