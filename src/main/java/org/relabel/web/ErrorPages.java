package org.relabel.web;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The last word on failures that escape the REST layer (Vert.x routes, static files, body limits): a
 * problem+json or a small HTML page with the status and, for server errors, an incident id to find
 * in the log. Never a stack trace, exception class or SQL, in any launch mode. Authentication
 * failures are left to Quarkus' challenge handling.
 */
@ApplicationScoped
public class ErrorPages {
    private static final Logger LOG = Logger.getLogger(ErrorPages.class);

    void register(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_AFTER_DEFAULT + 10_000).failureHandler(this::failure);
    }

    void failure(RoutingContext rc) {
        Throwable failure = rc.failure();
        Optional<ProblemException> environment = failure == null ? Optional.empty()
                : org.relabel.ops.Failures.problem(failure);
        if (environment.isEmpty() && (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException
                || failure instanceof ForbiddenException)) {
            rc.next();
            return;
        }
        HttpServerResponse res = rc.response();
        if (res.ended()) return;
        if (res.headWritten()) {
            res.reset();
            return;
        }
        int status = rc.statusCode() > 0 ? rc.statusCode() : 500;
        String path = rc.normalizedPath();
        String title;
        String code;
        String detail;
        if (environment.isPresent()) {
            // the database is unreachable (also while signing a user in) or the disk is full: org.relabel.ops.Failures
            ProblemException p = environment.get();
            status = p.status();
            code = p.code();
            title = p.title();
            detail = p.getMessage();
            LOG.warnf("%s on %s: %s", title, path, ProblemMapper.rootMessage(failure));
            if (status == 503) res.putHeader("Retry-After", "5");
        } else if (status >= 500) {
            String incident = UUID.randomUUID().toString();
            LOG.errorf(failure, "Unexpected error %s on %s", incident, path);
            code = "internal-error";
            title = "Internal error";
            detail = "The server could not complete the request (incident " + incident + ")";
        } else {
            code = switch (status) {
                case 404 -> "not-found";
                case 405 -> "method-not-allowed";
                case 413 -> "too-large";
                case 415 -> "unsupported-media-type";
                case 429 -> "too-many-attempts";
                default -> "bad-request";
            };
            title = switch (status) {
                case 404 -> "Not found";
                case 405 -> "Method not allowed";
                case 413 -> "Request too large";
                case 415 -> "Unsupported media type";
                default -> "Bad request";
            };
            detail = switch (status) {
                case 404 -> "No such resource: " + path;
                case 413 -> "The request body is larger than this server accepts";
                default -> "The request is not valid";
            };
        }
        String accept = Optional.ofNullable(rc.request().getHeader(HttpHeaders.ACCEPT)).orElse("");
        res.setStatusCode(status);
        if (!path.startsWith("/api/") && accept.contains("text/html")) {
            res.putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=UTF-8").end(html(status, title, detail));
        } else {
            res.putHeader(HttpHeaders.CONTENT_TYPE, ProblemMapper.PROBLEM_JSON)
                    .end(problemJson(code, title, status, detail, path));
        }
    }

    /** A problem+json document (the fields of {@link Problem}) written by hand, for code outside the REST layer. */
    static String problemJson(String code, String title, int status, String detail, String instance) {
        return "{\"type\":\"urn:relabel:" + json(code) + "\",\"title\":\"" + json(title) + "\",\"status\":" + status
                + ",\"detail\":\"" + json(detail) + "\",\"instance\":\"" + json(instance) + "\"}";
    }

    /** A minimal, self-contained error page (no template: it must render whatever failed). */
    static String html(int status, String title, String detail) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + " · Relabel</title><link rel=\"stylesheet\" href=\"/css/app.css\"></head><body><main><section class=\"card\">"
                + "<h1>" + status + " " + escape(title) + "</h1><p>" + escape(detail)
                + "</p><p><a href=\"/\">Back to the start page</a></p></section></main></body></html>";
    }

    static String escape(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String json(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '<' -> b.append("\\u003c");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.toString();
    }
}
