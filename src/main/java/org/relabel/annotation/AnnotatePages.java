package org.relabel.annotation;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.relabel.account.Roles;

/** The annotator's pages: their campaigns, the labelling page, and the landing page of invite links. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class AnnotatePages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance campaigns(List<AnnotatorService.CampaignCard> campaigns);

        static native TemplateInstance annotate(AnnotatorService.CampaignCard campaign, boolean open);

        static native TemplateInstance join(AnnotatorService.CampaignCard campaign, boolean created);
    }

    @Inject
    AnnotatorService annotators;
    @Inject
    CrowdService crowd;
    @Inject
    AnnotationConfig config;
    @Inject
    SecurityIdentity identity;

    @GET
    @Path("annotate")
    @RolesAllowed({Roles.ANNOTATOR, Roles.ADMIN})
    public TemplateInstance campaigns() {
        return Templates.campaigns(annotators.campaigns(annotators.current(identity), AnnotatorService.startOfToday()));
    }

    @GET
    @Path("annotate/{c}")
    @RolesAllowed({Roles.ANNOTATOR, Roles.ADMIN})
    public TemplateInstance annotate(@PathParam("c") long id) {
        Annotator who = annotators.current(identity);
        Campaign c = annotators.require(id, who);
        return Templates.annotate(annotators.campaign(id, who, AnnotatorService.startOfToday()),
                c.state == Campaign.State.OPEN);
    }

    /**
     * Invite links: checks the signature, creates the crowd worker's account on first use, and
     * signs them in with the crowd session cookie. Answers with a welcome page rather than a
     * redirect, so that the SameSite=Strict session cookie is sent with the next, same-site click.
     */
    @GET
    @Path("join/{c}")
    @PermitAll
    public Response join(@PathParam("c") long id, @QueryParam("worker") String worker, @QueryParam("sig") String sig,
                         @Context UriInfo uri) {
        CrowdService.Joined joined = crowd.join(id, worker, sig);
        Annotator who = annotators.current(joined.username());
        NewCookie cookie = new NewCookie.Builder(CrowdService.COOKIE).value(crowd.sessionToken(joined.username()))
                .path("/").httpOnly(true).secure("https".equals(uri.getBaseUri().getScheme()))
                .sameSite(NewCookie.SameSite.STRICT).maxAge((int) config.crowdSession().toSeconds()).build();
        return Response.ok(Templates.join(annotators.campaign(id, who, AnnotatorService.startOfToday()), joined.created()))
                .cookie(cookie).header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer").build();
    }
}
