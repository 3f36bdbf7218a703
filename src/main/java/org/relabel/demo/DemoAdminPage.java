package org.relabel.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.relabel.account.Roles;
import org.relabel.annotation.Campaign;
import org.relabel.dataset.Dataset;
import org.relabel.job.JobService;
import org.relabel.job.JobState;
import org.relabel.job.JobView;

/** The demo's status page for admins: its dataset, campaign and setup jobs with stage timings, and a reset button. */
@Path("/admin/demo")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.ADMIN)
public class DemoAdminPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance demo(Status status);
    }

    /**
     * The demo's state.
     *
     * @param enabled   relabel.demo.enabled
     * @param dataset   the demo's dataset key
     * @param exists    whether that dataset exists
     * @param hasTruth  whether it was made by the demo setup
     * @param campaign  the demo campaign, or null
     * @param jobs      the newest setup jobs, newest first
     */
    public record Status(boolean enabled, String dataset, boolean exists, boolean hasTruth, CampaignInfo campaign,
                         List<SetupJob> jobs) {
    }

    /** The demo campaign. */
    public record CampaignInfo(long id, String name, String state, int overlap) {
    }

    /** A setup job with its stage timings (seconds per stage, from its result). */
    public record SetupJob(JobView job, Map<String, Double> timings) {
        public boolean active() {
            return job.state() == JobState.QUEUED || job.state() == JobState.RUNNING;
        }
    }

    @Inject
    TruthReportService reports;
    @Inject
    DemoService demo;
    @Inject
    DemoCampaign campaigns;
    @Inject
    DemoConfig config;
    @Inject
    JobService jobs;
    @Inject
    ObjectMapper mapper;
    @Inject
    SecurityIdentity identity;

    @GET
    public TemplateInstance status() {
        Dataset ds = QuarkusTransaction.requiringNew().call(() -> Dataset.byKey(config.dataset()).orElse(null));
        CampaignInfo campaign = null;
        if (ds != null) {
            Campaign c = campaigns.find(ds).orElse(null);
            if (c != null) campaign = new CampaignInfo(c.id, c.name, c.state.name(), c.overlap);
        }
        List<SetupJob> setup = jobs.recent(null, DemoSetupJob.KIND, 5).stream()
                .map(j -> new SetupJob(JobView.of(j), timings(j.result))).toList();
        return Templates.demo(new Status(config.enabled(), config.dataset(), ds != null,
                ds != null && reports.hasTruth(ds.id), campaign, setup));
    }

    /** The reset button: deletes the demo dataset and queues its setup again, then shows this page. */
    @POST
    @Path("reset")
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
    public Response reset() {
        demo.reset(identity.getPrincipal().getName());
        return Response.seeOther(URI.create("/admin/demo")).build();
    }

    private Map<String, Double> timings(String result) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (result == null || result.isBlank()) return out;
        try {
            JsonNode t = mapper.readTree(result).path("timings");
            t.fields().forEachRemaining(e -> {
                if (e.getValue().isNumber()) out.put(e.getKey(), e.getValue().asDouble());
            });
        } catch (Exception e) {
            // a failed job's result is a problem, not timings
        }
        return out;
    }
}
