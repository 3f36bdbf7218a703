package org.relabel.annotation;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.relabel.account.Roles;
import org.relabel.dataset.Dataset;
import org.relabel.dataset.DatasetService;

/** Campaign pages for curators and admins: the list with a form for a new campaign, and one campaign. */
@Path("/datasets/{d}/campaigns")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Roles.ADMIN, Roles.CURATOR})
public class CampaignPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance campaigns(DatasetService.Summary dataset, List<CampaignView> campaigns,
                                                 List<String> models, AnnotationConfig.Defaults defaults);

        static native TemplateInstance campaign(DatasetService.Summary dataset, CampaignView campaign, List<String> models);
    }

    @Inject
    DatasetService datasets;
    @Inject
    CampaignService campaigns;
    @Inject
    AnnotationConfig config;

    @GET
    public TemplateInstance list(@PathParam("d") String d) {
        Dataset ds = datasets.require(d);
        return Templates.campaigns(datasets.summary(ds), campaigns.list(ds),
                new ArrayList<>(campaigns.modelNames(ds.id).values()), config.defaults());
    }

    @GET
    @Path("{c}")
    public TemplateInstance campaign(@PathParam("d") String d, @PathParam("c") long id) {
        Dataset ds = datasets.require(d);
        return Templates.campaign(datasets.summary(ds), campaigns.view(ds, campaigns.require(ds, id)),
                new ArrayList<>(campaigns.modelNames(ds.id).values()));
    }
}
