package org.relabel.demo;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.relabel.account.Roles;
import org.relabel.dataset.DatasetService;

/** The truth report of a demo dataset (admins). Resetting the demo: {@link DemoResetResource}. */
@Path("/api/datasets/{d}/demo")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class DemoResource {
    @Inject
    DatasetService datasets;
    @Inject
    TruthReportService reports;

    /**
     * How well the platform recovered the hidden truth of a demo dataset: findings as detectors of the planted
     * label errors and multi-object scenes (precision, recall), consensus main labels and valid sets against the
     * truth for each aggregation method on the same judgments, and each model's accuracy against the original
     * labels, the consensus and the truth, each with n and a 95% Wilson interval. 404 for a dataset without truth.
     */
    @GET
    @Path("truth-report")
    public TruthReportService.Report truthReport(@PathParam("d") String key) {
        return reports.report(datasets.require(key));
    }
}
