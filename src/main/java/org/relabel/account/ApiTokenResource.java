package org.relabel.account;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/** The caller's own API tokens: create (the token is returned once), list, revoke. */
@Path("/api/tokens")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.CURATOR, Roles.RESEARCHER, Roles.ANNOTATOR})
public class ApiTokenResource {
    @Inject
    ApiTokenService tokens;
    @Inject
    CurrentUser user;

    /** Request body of a new token. */
    public record NewToken(String name) {
    }

    @GET
    public List<ApiTokenService.TokenView> list() {
        return tokens.list(user.requireAccountId());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(NewToken request) {
        ApiTokenService.CreatedToken t = tokens.create(user.requireAccountId(), request == null ? null : request.name());
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.created(URI.create("/api/tokens/" + t.id())).entity(t).cacheControl(noStore).build();
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") long id) {
        tokens.revoke(user.requireAccountId(), id);
        return Response.noContent().build();
    }
}
