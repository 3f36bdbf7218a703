package org.relabel.demo;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.relabel.account.Roles;
import org.relabel.job.JobView;

/** Resetting the demo project (admins). */
@Path("/api/demo")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class DemoResetResource {
    @Inject
    DemoService demo;
    @Inject
    SecurityIdentity identity;

    /**
     * Deletes the demo dataset (campaign, judgments, consensus, findings and reviews with it) and queues the demo
     * setup again; trained models stay cached, so it skips training. 202 with the setup job; 409 when the demo is
     * disabled, being set up, busy with another job, or when the demo's dataset key holds a dataset the demo did
     * not make.
     */
    @POST
    @Path("reset")
    public Response reset() {
        JobView job = JobView.of(demo.reset(identity.getPrincipal().getName()));
        return Response.accepted(job).location(URI.create(job.location())).build();
    }
}
