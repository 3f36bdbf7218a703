package org.relabel.account;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.relabel.web.ProblemException;

/** User administration (admins). */
@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class UserResource {
    @Inject
    AccountService accounts;

    /** A new user; without {@code password} one is generated and returned once. */
    public record NewUser(String username, String password, List<String> roles, String displayName) {
    }

    /** The created user, with the generated password when none was given. */
    public record CreatedUser(AccountService.UserView user, String generatedPassword) {
    }

    @GET
    public List<AccountService.UserView> list() {
        return accounts.list();
    }

    @GET
    @Path("{name}")
    public AccountService.UserView get(@PathParam("name") String name) {
        return accounts.get(name);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(NewUser request) {
        if (request == null) throw ProblemException.badRequest("a JSON body {username, roles, password?, displayName?} is required");
        boolean generate = request.password() == null || request.password().isEmpty();
        String password = generate ? AccountService.generatePassword() : request.password();
        Account a = accounts.create(request.username(), password, request.roles() == null ? List.of() : request.roles(),
                request.displayName());
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.created(URI.create("/api/users/" + a.username))
                .entity(new CreatedUser(AccountService.UserView.of(a), generate ? password : null))
                .cacheControl(noStore).build();
    }

    /** Changes roles, enabled, password (a reset) or display name; absent fields stay as they are. */
    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public AccountService.UserView update(@PathParam("name") String name, AccountService.UserChange change) {
        if (change == null) throw ProblemException.badRequest("a JSON body {roles?, enabled?, password?, displayName?} is required");
        return accounts.update(name, change);
    }
}
