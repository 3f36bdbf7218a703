package org.relabel.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.relabel.account.CurrentUser;
import org.relabel.account.Roles;
import org.relabel.dataset.DatasetService;

/** Start page, sign-in page and sign-out. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class HomePage {
    /** Where annotators start: their campaigns (the annotation feature's page). */
    public static final String ANNOTATOR_HOME = "/annotate";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(List<DatasetService.Summary> datasets, boolean canCreate);

        static native TemplateInstance login(boolean error, boolean throttled);
    }

    @Inject
    DatasetService datasets;
    @Inject
    CurrentUser user;
    @ConfigProperty(name = "quarkus.http.auth.form.cookie-name", defaultValue = "quarkus-credential")
    String sessionCookie;

    /** The datasets the user may see; annotators (without other roles) go to their campaigns. */
    @GET
    @RolesAllowed({Roles.ADMIN, Roles.CURATOR, Roles.RESEARCHER, Roles.ANNOTATOR})
    public Response home() {
        if (!user.any(Roles.ADMIN, Roles.CURATOR, Roles.RESEARCHER)) {
            return Response.seeOther(URI.create(ANNOTATOR_HOME)).build();
        }
        return Response.ok(Templates.home(datasets.list(), user.any(Roles.ADMIN, Roles.RESEARCHER))).build();
    }

    /** Signs out: drops the session cookie of form login (a form post carrying the CSRF token). */
    @POST
    @Path("logout")
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
    @PermitAll
    public Response logout() {
        return Response.seeOther(URI.create("/login"))
                .cookie(new NewCookie.Builder(sessionCookie).value("").path("/").maxAge(0).httpOnly(true)
                        .sameSite(NewCookie.SameSite.STRICT).build(),
                        new NewCookie.Builder("relabel-crowd").value("").path("/").maxAge(0).httpOnly(true).build())
                .build();
    }

    @GET
    @Path("login")
    @PermitAll
    public TemplateInstance login(@QueryParam("error") String error) {
        return Templates.login(error != null, "throttled".equals(error));
    }
}
