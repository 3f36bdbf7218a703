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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.relabel.web.ProblemException;

/** Curators review paused annotators, reinstate them or pause by hand. */
@Path("/curate/annotators")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Roles.ADMIN, Roles.CURATOR})
public class AnnotatorsPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance annotators(List<AnnotatorResource.AnnotatorView> annotators,
                                                  List<AnnotatorPauses.PauseView> active,
                                                  List<AnnotatorPauses.PauseView> history, String error);
    }

    @Inject
    AnnotatorResource api;
    @Inject
    AnnotatorPauses pauses;
    @Inject
    CurrentUser user;

    @GET
    public TemplateInstance page() {
        return render(null);
    }

    @POST
    @Path("pause")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response pause(@FormParam("annotator") String annotator, @FormParam("campaign") String campaign,
                          @FormParam("detail") String detail) {
        try {
            pauses.pause(annotator, campaign(campaign), detail, user.name());
            return Response.seeOther(URI.create("/curate/annotators")).build();
        } catch (ProblemException e) {
            return Response.status(e.status()).entity(render(e.getMessage())).build();
        }
    }

    @POST
    @Path("reinstate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response reinstate(@FormParam("annotator") String annotator, @FormParam("campaign") String campaign,
                              @FormParam("note") String note) {
        try {
            pauses.reinstate(annotator, campaign(campaign), note, user.name());
            return Response.seeOther(URI.create("/curate/annotators")).build();
        } catch (ProblemException e) {
            return Response.status(e.status()).entity(render(e.getMessage())).build();
        }
    }

    private static Long campaign(String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("campaign must be a number");
        }
    }

    private TemplateInstance render(String error) {
        List<AnnotatorPauses.PauseView> all = pauses.list(false);
        return Templates.annotators(api.annotators(), all.stream().filter(AnnotatorPauses.PauseView::active).toList(),
                all.stream().filter(p -> !p.active()).limit(50).toList(), error);
    }
}
