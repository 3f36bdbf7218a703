package org.relabel.dataset;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Response;
import java.nio.file.Files;
import java.util.Optional;
import org.relabel.account.Roles;
import org.relabel.web.ProblemException;

/**
 * Image pixels by content hash. The URL reveals nothing about the image's key or label, so the
 * annotator page can use it; content never changes for a hash, so responses are cached forever.
 */
@Path("/media")
@RolesAllowed({Roles.ADMIN, Roles.CURATOR, Roles.RESEARCHER, Roles.ANNOTATOR})
public class MediaResource {
    @Inject
    ImageStore store;

    @GET
    @Path("{hash}")
    public Response original(@PathParam("hash") String hash, @HeaderParam("If-None-Match") String ifNoneMatch) {
        return serve(hash, store.original(hash, true), null, ifNoneMatch);
    }

    @GET
    @Path("{hash}/preview")
    public Response preview(@PathParam("hash") String hash, @HeaderParam("If-None-Match") String ifNoneMatch) {
        return serve(hash + "-p", store.preview(hash), "image/jpeg", ifNoneMatch);
    }

    private Response serve(String etag, Optional<java.nio.file.Path> file, String type, String ifNoneMatch) {
        java.nio.file.Path p = file.orElseThrow(() -> ProblemException.notFound("Image"));
        EntityTag tag = new EntityTag(etag);
        CacheControl cc = new CacheControl();
        cc.setPrivate(true);
        cc.setMaxAge(31_536_000);
        if (ifNoneMatch != null && (ifNoneMatch.contains("\"" + etag + "\"") || ifNoneMatch.equals("*"))) {
            return Response.notModified(tag).cacheControl(cc).build();
        }
        String mediaType = type;
        if (mediaType == null) {
            try {
                mediaType = Optional.ofNullable(Files.probeContentType(p)).orElse(sniff(p));
            } catch (java.io.IOException e) {
                mediaType = "application/octet-stream";
            }
        }
        return Response.ok(p.toFile(), mediaType).tag(tag).cacheControl(cc)
                .header("X-Content-Type-Options", "nosniff").build();
    }

    private static String sniff(java.nio.file.Path p) throws java.io.IOException {
        byte[] head = new byte[8];
        try (var in = Files.newInputStream(p)) {
            int n = in.read(head);
            if (n >= 3 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xD8) return "image/jpeg";
            if (n >= 4 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') return "image/png";
            if (n >= 3 && head[0] == 'G' && head[1] == 'I' && head[2] == 'F') return "image/gif";
            if (n >= 2 && head[0] == 'B' && head[1] == 'M') return "image/bmp";
        }
        return "application/octet-stream";
    }
}
