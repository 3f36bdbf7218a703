package org.relabel.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.relabel.account.CurrentUser;
import org.relabel.account.Roles;
import org.relabel.dataset.DatasetService;

/** Start page and sign-in page. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class HomePage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(List<DatasetService.Summary> datasets, boolean canCreate);

        static native TemplateInstance login(boolean error);
    }

    @Inject
    DatasetService datasets;
    @Inject
    CurrentUser user;

    /** Datasets for admins, curators and researchers; annotators go to their campaigns. */
    @GET
    @RolesAllowed({Roles.ADMIN, Roles.CURATOR, Roles.RESEARCHER, Roles.ANNOTATOR})
    public Response home() {
        if (!user.any(Roles.ADMIN, Roles.CURATOR, Roles.RESEARCHER)) {
            return Response.seeOther(URI.create("/annotate")).build();
        }
        return Response.ok(Templates.home(datasets.list(), user.any(Roles.ADMIN, Roles.RESEARCHER))).build();
    }

    /** Signs out: drops the session cookie of form login. */
    @POST
    @Path("logout")
    @PermitAll
    public Response logout() {
        return Response.seeOther(URI.create("/login"))
                .cookie(new NewCookie.Builder("quarkus-credential").value("").path("/").maxAge(0).httpOnly(true).build(),
                        new NewCookie.Builder("relabel-crowd").value("").path("/").maxAge(0).httpOnly(true).build())
                .build();
    }

    @GET
    @Path("login")
    @PermitAll
    public TemplateInstance login(@QueryParam("error") boolean error) {
        return Templates.login(error);
    }
}
