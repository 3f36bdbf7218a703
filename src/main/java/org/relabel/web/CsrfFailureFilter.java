package org.relabel.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * The CSRF filter refuses a form post without a valid token with a bare 400; this gives that answer a
 * body that says what happened (problem+json, or a page for browsers).
 */
public class CsrfFailureFilter {

    @ServerResponseFilter
    public void explain(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() != 400 || response.hasEntity()) return;
        MediaType type = request.getMediaType();
        boolean form = type != null && (type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)
                || type.isCompatible(MediaType.MULTIPART_FORM_DATA_TYPE));
        if (!form || "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) return;
        String path = request.getUriInfo().getPath();
        String title = "Form expired";
        String detail = "The form did not carry a valid CSRF token (it was not sent from a current page of this site). "
                + "Reload the page and try again.";
        boolean html = !path.startsWith("/api/") && request.getAcceptableMediaTypes().stream()
                .anyMatch(m -> m.isCompatible(MediaType.TEXT_HTML_TYPE) && !m.isWildcardType());
        if (html) {
            response.getHeaders().putSingle("Content-Type", "text/html; charset=UTF-8");
            response.setEntity(ErrorPages.html(400, title, detail));
        } else {
            response.getHeaders().putSingle("Content-Type", ProblemMapper.PROBLEM_JSON);
            response.setEntity(ErrorPages.problemJson("csrf", title, 400, detail, path));
        }
    }
}
