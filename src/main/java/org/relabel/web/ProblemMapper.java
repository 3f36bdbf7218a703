package org.relabel.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where exceptions become responses: problem+json for the API, an error page for
 * browsers. Never exposes Java class names, stack traces or SQL.
 */
public class ProblemMapper {
    public static final String PROBLEM_JSON = "application/problem+json";
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @Inject
    @Location("error.html")
    Template errorPage;
    @Inject
    org.relabel.ops.OpsConfig ops;

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpHeaders headers, UriInfo uri) {
        return render(e, headers, uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, HttpHeaders headers, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json, headers, uri);
        }
        int status = e.getResponse().getStatus();
        if (status == 401 || status == 403) {
            return e.getResponse();
        }
        String code = switch (status) {
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "too-large";
            case 415 -> "unsupported-media-type";
            default -> status >= 500 ? "internal-error" : "bad-request";
        };
        String title = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase() : "Error";
        String detail = switch (status) {
            case 404 -> "No such resource: " + uri.getPath();
            case 405 -> "This method is not allowed on " + uri.getPath();
            case 415 -> "Unsupported content type " + headers.getMediaType();
            default -> status >= 500 ? "The server could not complete the request" : safeMessage(e);
        };
        return render(new ProblemException(status, code, title, detail), headers, uri);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, HttpHeaders headers, UriInfo uri) {
        String where = e.getLocation() == null ? "" :
                " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return render(new ProblemException(400, "bad-json", "Malformed JSON",
                "The request body is not valid JSON" + where + ": " + e.getOriginalMessage()), headers, uri);
    }

    /** A JSON value of the wrong type (a list where a string belongs...): names the field, never the Java type. */
    @ServerExceptionMapper
    public Response mismatched(com.fasterxml.jackson.databind.exc.MismatchedInputException e, HttpHeaders headers,
                               UriInfo uri) {
        String field = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(java.util.stream.Collectors.joining("."));
        String where = e.getLocation() == null ? "" :
                " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        return render(new ProblemException(400, "bad-json", "Malformed JSON", (field.isEmpty()
                ? "The request body does not have the expected structure" : "The value of '" + field
                + "' does not have the expected type") + where), headers, uri);
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, HttpHeaders headers, UriInfo uri) {
        if (e instanceof UnauthorizedException || e instanceof ForbiddenException
                || e instanceof AuthenticationFailedException) {
            return null; // let Quarkus security answer with its challenge / 403
        }
        java.util.Optional<ProblemException> environment = org.relabel.ops.Failures.problem(e);
        if (environment.isPresent()) { // database down, disk full: a clear, retryable answer (org.relabel.ops.Failures)
            LOG.warnf("%s on %s: %s", environment.get().title(), uri.getPath(), rootMessage(e));
            return render(environment.get(), headers, uri);
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error %s on %s", incident, uri.getPath());
        return render(new ProblemException(500, "internal-error", "Internal error",
                "The server could not complete the request (incident " + incident + ")"), headers, uri);
    }

    private Response render(ProblemException e, HttpHeaders headers, UriInfo uri) {
        Problem problem = e.toProblem(uri.getPath());
        Response.ResponseBuilder b;
        if (wantsHtml(headers, uri)) {
            b = Response.status(e.status()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .entity(errorPage.data("problem", problem).render());
        } else {
            b = Response.status(e.status()).type(PROBLEM_JSON).entity(problem);
        }
        if (e.status() == 503) b.header(HttpHeaders.RETRY_AFTER, ops.retryAfterSeconds());
        return b.build();
    }

    /** The innermost message of a failure (for a one-line log entry). */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        for (int i = 0; i < 32 && t.getCause() != null && t.getCause() != t; i++) t = t.getCause();
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private static boolean wantsHtml(HttpHeaders headers, UriInfo uri) {
        if (uri.getPath().startsWith("/api/")) return false;
        return headers.getAcceptableMediaTypes().stream()
                .anyMatch(m -> m.isCompatible(MediaType.TEXT_HTML_TYPE) && !m.isWildcardType());
    }

    private static String safeMessage(WebApplicationException e) {
        String m = e.getMessage();
        if (m == null || m.contains("Exception") || m.contains("\n")) return "The request is not valid";
        return m;
    }
}
