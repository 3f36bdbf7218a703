package org.relabel.account;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Members of a dataset: listed by anyone who sees the dataset, changed by admins. */
@Path("/api/datasets/{d}/members")
@Produces(MediaType.APPLICATION_JSON)
public class MembershipResource {
    @Inject
    DatasetAccess access;

    /** Request body: the membership roles, {@code curator} and/or {@code researcher}. */
    public record MemberRoles(List<String> roles) {
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.CURATOR, Roles.RESEARCHER})
    public List<DatasetAccess.MemberView> list(@PathParam("d") String dataset) {
        return access.members(dataset);
    }

    @PUT
    @Path("{user}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public DatasetAccess.MemberView put(@PathParam("d") String dataset, @PathParam("user") String user, MemberRoles body) {
        return access.setMember(dataset, user, body == null ? null : body.roles());
    }

    @DELETE
    @Path("{user}")
    @RolesAllowed(Roles.ADMIN)
    public Response delete(@PathParam("d") String dataset, @PathParam("user") String user) {
        access.removeMember(dataset, user);
        return Response.noContent().build();
    }
}
