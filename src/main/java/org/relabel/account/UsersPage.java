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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.relabel.web.ProblemException;

/** User administration page (admins): create users, change roles, disable, reset passwords. */
@Path("/admin/users")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.ADMIN)
public class UsersPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance users(List<AccountService.UserView> users, List<String> roles,
                                             AccountService.UserView created, String password, String error,
                                             String message);
    }

    @Inject
    AccountService accounts;

    @GET
    public TemplateInstance page(@QueryParam("saved") String saved) {
        return render(null, null, null, saved == null ? null : "Saved the changes to '" + saved + "'.");
    }

    /** Creates a user; without a password one is generated and shown once. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@FormParam("username") String username, @FormParam("displayName") String displayName,
                           @FormParam("roles") List<String> roles, @FormParam("password") String password) {
        try {
            boolean generate = password == null || password.isEmpty();
            String pw = generate ? AccountService.generatePassword() : password;
            Account a = accounts.create(username, pw, roles == null ? List.of() : roles, displayName);
            return Response.ok(render(AccountService.UserView.of(a), generate ? pw : null, null, null))
                    .header("Cache-Control", "no-store").build();
        } catch (ProblemException e) {
            return Response.status(e.status()).entity(render(null, null, e.getMessage(), null)).build();
        }
    }

    /** Saves roles, enabled, display name and (when given) a new password. */
    @POST
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response update(@PathParam("name") String name, @FormParam("displayName") String displayName,
                           @FormParam("roles") List<String> roles, @FormParam("enabled") String enabled,
                           @FormParam("password") String password) {
        try {
            accounts.update(name, new AccountService.UserChange(roles == null ? List.of() : roles, enabled != null,
                    password == null || password.isEmpty() ? null : password, displayName == null ? "" : displayName));
            return Response.seeOther(URI.create("/admin/users?saved=" + URLEncoder.encode(name, StandardCharsets.UTF_8)))
                    .build();
        } catch (ProblemException e) {
            return Response.status(e.status()).entity(render(null, null, e.getMessage(), null)).build();
        }
    }

    private TemplateInstance render(AccountService.UserView created, String password, String error, String message) {
        return Templates.users(accounts.list(), Roles.ALL, created, password, error, message);
    }
}
