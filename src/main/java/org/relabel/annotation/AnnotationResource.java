package org.relabel.annotation;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.relabel.account.Roles;
import org.relabel.web.ProblemException;

/**
 * The annotator's API, used by the annotator page and by external labelling tools: campaigns open
 * to the caller, the next image (a lease), skip, judgments (idempotent), undo and progress. It
 * never returns original labels, image keys, model names or scores, consensus, gold flags, or
 * other annotators' answers.
 */
@Path("/api/campaigns")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ANNOTATOR, Roles.ADMIN})
public class AnnotationResource {

    @Inject
    AnnotatorService annotators;
    @Inject
    AssignmentService assignments;
    @Inject
    JudgmentService judgments;
    @Inject
    SecurityIdentity identity;

    /**
     * An answer to an assignment.
     *
     * @param assignment     the assignment id (from {@code POST /api/campaigns/{c}/assignments})
     * @param selected       class keys of the objects present
     * @param main           class key of the main object; may be omitted when one label is selected
     * @param noneApply      "none of these"
     * @param unclear        "image unclear"
     * @param millis         time taken in milliseconds
     * @param idempotencyKey chosen by the client (or header {@code Idempotency-Key}); a retry with the same key stores nothing new
     */
    public record JudgmentRequest(Long assignment, List<String> selected, String main, Boolean noneApply, Boolean unclear,
                                  Integer millis, String idempotencyKey) {
    }

    /** Reply to a submission. */
    public record JudgmentReply(long judgment, long assignment, OffsetDateTime createdAt) {
    }

    /**
     * Reply to a submission with {@code ?next=true}: the same fields, and the next assignment (as
     * {@code POST /assignments} returns it), or null when no image needs the caller now or they may not lease one
     * (then {@code POST /assignments} answers 204 or says why).
     */
    public record JudgmentAndNextReply(long judgment, long assignment, OffsetDateTime createdAt, AssignmentView next) {
    }

    @GET
    public List<AnnotatorService.CampaignCard> campaigns(@QueryParam("since") String since) {
        return annotators.campaigns(annotators.current(identity), since(since));
    }

    @GET
    @Path("{c}")
    public AnnotatorService.CampaignCard campaign(@PathParam("c") long campaign, @QueryParam("since") String since) {
        return annotators.campaign(campaign, annotators.current(identity), since(since));
    }

    /** Done today (since {@code since}, an ISO date-time; default: the server's midnight), done in total, left in campaign. */
    @GET
    @Path("{c}/progress")
    public AnnotatorService.Progress progress(@PathParam("c") long campaign, @QueryParam("since") String since) {
        return annotators.progress(campaign, annotators.current(identity), since(since));
    }

    /** Leases the next image: 201 with the assignment, or 204 when no image needs the caller now. */
    @POST
    @Path("{c}/assignments")
    public Response next(@PathParam("c") long campaign) {
        Annotator who = annotators.current(identity);
        annotators.requireAccess(campaign, who);
        return assignments.lease(campaign, who)
                .map(a -> Response.created(URI.create("/api/campaigns/" + campaign + "/assignments/" + a.id())).entity(a).build())
                .orElseGet(() -> Response.noContent().build());
    }

    /** The caller's unexpired leases, oldest first. */
    @GET
    @Path("{c}/assignments")
    public List<AssignmentView> active(@PathParam("c") long campaign) {
        Annotator who = annotators.current(identity);
        annotators.requireVisible(campaign, who);
        return assignments.active(campaign, who);
    }

    /** Gives the image back unjudged (recorded; the caller will not get it again). */
    @POST
    @Path("{c}/assignments/{a}/skip")
    public Response skip(@PathParam("c") long campaign, @PathParam("a") long assignment) {
        Annotator who = annotators.current(identity);
        annotators.requireAccess(campaign, who);
        assignments.skip(campaign, assignment, who);
        return Response.noContent().build();
    }

    /**
     * Stores a judgment: 201 the first time, 200 with the same body for a retry with the same idempotency key. With
     * {@code next=true} the reply also holds the next image, leased in the same request (one round trip per image).
     *
     * <p>The busiest request of a campaign, so it does not hold a worker thread while the group commit stores the
     * judgment: the body is read and the reply written on the event loop, and a worker thread is taken only for
     * what needs the database apart from the group commit (see {@link JudgmentService#submitWithoutBlocking}; an
     * account that this instance has not looked up yet, or a crowd worker's membership).
     */
    @POST
    @Path("{c}/judgments")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> submit(@PathParam("c") long campaign, @HeaderParam("Idempotency-Key") String keyHeader,
                                @QueryParam("next") boolean next, JudgmentRequest r, @Context UriInfo uri) {
        if (r == null) throw ProblemException.badRequest("the request body is empty");
        if (r.assignment() == null) {
            throw new ProblemException(400, "invalid-judgment", "Invalid judgment", "assignment: the assignment id is required",
                    List.of(new org.relabel.web.Problem.FieldError(null, null, "assignment", "the assignment id is required")), 1);
        }
        String name = identity.getPrincipal().getName();
        URI base = uri.getBaseUri();
        io.vertx.core.Context answerOn = Vertx.currentContext();
        Annotator held = annotators.heldWithAccess(name);
        Uni<Annotator> who = held != null ? Uni.createFrom().item(held) : Uni.createFrom().item(() -> {
            Annotator w = annotators.current(name);
            annotators.requireAccess(campaign, w);
            return w;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        String key = r.idempotencyKey() != null ? r.idempotencyKey() : keyHeader;
        return who.chain(w -> judgments.submitWithoutBlocking(new JudgmentService.Submission(campaign, r.assignment(), w,
                        r.selected(), r.main(), Boolean.TRUE.equals(r.noneApply()), Boolean.TRUE.equals(r.unclear()), r.millis(), key),
                next, answerOn))
                .map(sn -> {
                    JudgmentService.Submitted s = sn.submitted();
                    Object reply = next ? new JudgmentAndNextReply(s.judgment(), s.assignment(), s.createdAt(), sn.next())
                            : new JudgmentReply(s.judgment(), s.assignment(), s.createdAt());
                    return s.replay() ? Response.ok(reply).build()
                            : Response.created(base.resolve("api/campaigns/" + campaign + "/judgments/" + s.judgment())).entity(reply).build();
                });
    }

    /** Takes back the caller's last submission while its lease lasts; returns the assignment with the answer given. */
    @POST
    @Path("{c}/judgments/undo")
    public AssignmentView undo(@PathParam("c") long campaign) {
        Annotator who = annotators.current(identity);
        annotators.requireAccess(campaign, who);
        return judgments.undo(campaign, who);
    }

    private static OffsetDateTime since(String since) {
        if (since == null || since.isBlank()) return AnnotatorService.startOfToday();
        try {
            return OffsetDateTime.parse(since);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("since must be an ISO date-time with offset, e.g. 2025-05-01T00:00:00+02:00");
        }
    }
}
