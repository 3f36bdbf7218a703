package org.relabel.annotation;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.relabel.account.Roles;
import org.relabel.dataset.Dataset;
import org.relabel.dataset.DatasetService;
import org.relabel.job.JobService;
import org.relabel.job.JobView;
import org.relabel.upload.UploadSpool;

/** Campaign management for curators and admins: settings, gold answers, open and close, invite links, progress. */
@Path("/api/datasets/{d}/campaigns")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.CURATOR})
public class CampaignResource {

    @Inject
    DatasetService datasets;
    @Inject
    CampaignService campaigns;
    @Inject
    CampaignOpenJob opener;
    @Inject
    CrowdService crowd;
    @Inject
    JobService jobs;
    @Inject
    UploadSpool spool;
    @Inject
    SecurityIdentity identity;

    /** Asks for an invite link; without a worker id the link is open (a crowd platform appends each worker's id). */
    public record InviteRequest(String worker) {
    }

    @GET
    public List<CampaignView> list(@PathParam("d") String d) {
        return campaigns.list(datasets.require(d));
    }

    /** Creates a draft campaign: 201 with the campaign. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("d") String d, CampaignRequest request) {
        Dataset ds = datasets.require(d);
        Campaign c = campaigns.create(ds, request, identity.getPrincipal().getName());
        return Response.created(URI.create("/api/datasets/" + d + "/campaigns/" + c.id)).entity(campaigns.view(ds, c)).build();
    }

    @GET
    @Path("{c}")
    public CampaignView get(@PathParam("d") String d, @PathParam("c") long id) {
        Dataset ds = datasets.require(d);
        return campaigns.view(ds, campaigns.require(ds, id));
    }

    /** Changes settings; absent fields keep their value. Candidate settings are fixed once the campaign opened (409). */
    @PUT
    @Path("{c}")
    @Consumes(MediaType.APPLICATION_JSON)
    public CampaignView update(@PathParam("d") String d, @PathParam("c") long id, CampaignRequest request) {
        Dataset ds = datasets.require(d);
        return campaigns.view(ds, campaigns.update(ds, id, request));
    }

    /** Deletes a draft (409 for a campaign that was opened). */
    @DELETE
    @Path("{c}")
    public Response delete(@PathParam("d") String d, @PathParam("c") long id) {
        campaigns.delete(datasets.require(d), id);
        return Response.noContent().build();
    }

    /** Sets the gold answers of a draft from CSV: {@code image}, {@code labels} (space-separated class keys), optional {@code main}. */
    @PUT
    @Path("{c}/gold")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    public Map<String, Integer> gold(@PathParam("d") String d, @PathParam("c") long id, InputStream body) {
        Dataset ds = datasets.require(d);
        campaigns.require(ds, id);
        java.nio.file.Path file = spool.spool(body, ".csv");
        try {
            return Map.of("rows", campaigns.uploadGold(ds, id, file));
        } finally {
            spool.delete(file);
        }
    }

    /**
     * Opens a draft: fixes the candidate sets and fills the queue. Synchronous by default (200 with
     * the result); {@code ?async=true} answers 202 with the job to follow. A closed campaign reopens at once.
     */
    @POST
    @Path("{c}/open")
    public Response open(@PathParam("d") String d, @PathParam("c") long id,
                         @QueryParam("async") @DefaultValue("false") boolean async) {
        Dataset ds = datasets.require(d);
        Campaign c = campaigns.require(ds, id);
        if (c.state == Campaign.State.CLOSED) {
            return Response.ok(campaigns.view(ds, campaigns.reopen(ds, id))).build();
        }
        String user = identity.getPrincipal().getName();
        if (async) {
            String job = opener.enqueue(ds, id, user);
            JobView view = jobs.find(job).map(JobView::of).orElseThrow();
            return Response.accepted(view).location(URI.create(view.location())).build();
        }
        return Response.ok(opener.runNow(ds, id, user)).build();
    }

    /** Stops the campaign: no new leases, no submissions. Reopen with {@code open}. */
    @POST
    @Path("{c}/close")
    public CampaignView close(@PathParam("d") String d, @PathParam("c") long id) {
        Dataset ds = datasets.require(d);
        return campaigns.view(ds, campaigns.close(ds, id));
    }

    /** An HMAC-signed invite link: personal with {@code worker}, open without. */
    @POST
    @Path("{c}/invites")
    @Consumes(MediaType.APPLICATION_JSON)
    public CrowdService.Invite invite(@PathParam("d") String d, @PathParam("c") long id, InviteRequest request,
                                      @Context UriInfo uri) {
        Dataset ds = datasets.require(d);
        campaigns.require(ds, id);
        return crowd.invite(uri.getBaseUri().toString(), id, request == null ? null : request.worker());
    }
}
