package org.relabel.account;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.relabel.web.ProblemException;

/** Annotators and their pauses (anti-spam): curators review, pause by hand and reinstate. */
@Path("/api/annotators")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.CURATOR})
public class AnnotatorResource {
    @Inject
    AnnotatorPauses pauses;
    @Inject
    CurrentUser user;

    /** An annotator account with its active pauses. */
    public record AnnotatorView(String username, String displayName, boolean enabled, boolean paused,
                                List<AnnotatorPauses.PauseView> activePauses) {
    }

    /** Pause request: {@code campaign} null pauses everywhere. */
    public record PauseRequest(String annotator, Long campaign, String detail) {
    }

    /** Reinstate request: {@code campaign} null reinstates every active pause of the annotator. */
    public record ReinstateRequest(String annotator, Long campaign, String note) {
    }

    @GET
    public List<AnnotatorView> annotators() {
        List<Account> accounts = QuarkusTransaction.requiringNew().call(() -> Account.<Account>find("order by username")
                .stream().filter(a -> a.hasRole(Roles.ANNOTATOR)).toList());
        List<AnnotatorPauses.PauseView> active = pauses.list(true);
        return accounts.stream().map(a -> {
            List<AnnotatorPauses.PauseView> mine = active.stream().filter(p -> p.annotator().equals(a.username)).toList();
            return new AnnotatorView(a.username, a.displayName, a.enabled,
                    mine.stream().anyMatch(p -> p.campaign() == null), mine);
        }).toList();
    }

    /** Pauses, newest first: active ones only unless {@code active=false}. */
    @GET
    @Path("pauses")
    public List<AnnotatorPauses.PauseView> list(@QueryParam("active") @DefaultValue("true") boolean active) {
        return pauses.list(active);
    }

    @POST
    @Path("pauses")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response pause(PauseRequest request) {
        if (request == null || request.annotator() == null) throw ProblemException.badRequest("annotator is required");
        return Response.status(201).entity(pauses.pause(request.annotator(), request.campaign(), request.detail(),
                user.name())).build();
    }

    @POST
    @Path("reinstate")
    @Consumes(MediaType.APPLICATION_JSON)
    public List<AnnotatorPauses.PauseView> reinstate(ReinstateRequest request) {
        if (request == null || request.annotator() == null) throw ProblemException.badRequest("annotator is required");
        return pauses.reinstate(request.annotator(), request.campaign(), request.note(), user.name());
    }
}
