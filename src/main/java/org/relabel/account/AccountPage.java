package org.relabel.account;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.relabel.web.ProblemException;

/** The signed-in user's own page: API tokens and password. */
@Path("/account")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Roles.ADMIN, Roles.CURATOR, Roles.RESEARCHER, Roles.ANNOTATOR})
public class AccountPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance account(AccountService.UserView me, List<ApiTokenService.TokenView> tokens,
                                               ApiTokenService.CreatedToken created, String error, String message);
    }

    @Inject
    AccountService accounts;
    @Inject
    ApiTokenService tokens;
    @Inject
    CurrentUser user;

    @GET
    public TemplateInstance page(@QueryParam("done") String done) {
        String message = switch (done == null ? "" : done) {
            case "password" -> "Your password was changed.";
            case "revoked" -> "The token was revoked.";
            default -> null;
        };
        return render(null, null, message);
    }

    /** Creates a token and shows it this once. */
    @POST
    @Path("tokens")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response createToken(@FormParam("name") String name) {
        try {
            ApiTokenService.CreatedToken created = tokens.create(user.requireAccountId(), name);
            return Response.ok(render(created, null, null)).header("Cache-Control", "no-store").build();
        } catch (ProblemException e) {
            return Response.status(e.status()).entity(render(null, e.getMessage(), null)).build();
        }
    }

    @POST
    @Path("tokens/{id}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revokeToken(@PathParam("id") long id) {
        tokens.revoke(user.requireAccountId(), id);
        return Response.seeOther(URI.create("/account?done=revoked")).build();
    }

    @POST
    @Path("password")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response changePassword(@FormParam("current") String current, @FormParam("password") String password,
                                   @FormParam("confirm") String confirm) {
        try {
            if (password == null || !password.equals(confirm)) {
                throw ProblemException.badRequest("the new password and its confirmation differ");
            }
            accounts.changePassword(user.name(), current, password);
            return Response.seeOther(URI.create("/account?done=password")).build();
        } catch (ProblemException e) {
            return Response.status(e.status()).entity(render(null, e.getMessage(), null)).build();
        }
    }

    private TemplateInstance render(ApiTokenService.CreatedToken created, String error, String message) {
        return Templates.account(accounts.get(user.name()), tokens.list(user.requireAccountId()), created, error, message);
    }
}
