package org.relabel.web;

import io.quarkus.csrf.reactive.runtime.CsrfTokenParameterProvider;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The CSRF form field for templates that render on any request, such as the layout's sign-out form
 * (also shown on error pages where the CSRF filter did not run): {@code inject:formToken.name} and
 * {@code inject:formToken.value}. Pages of a resource can use {@code inject:csrf.token} directly.
 */
@Named("formToken")
@RequestScoped
public class FormToken {
    @Inject
    Instance<CsrfTokenParameterProvider> csrf;
    @Inject
    Instance<RoutingContext> routing;
    @ConfigProperty(name = "quarkus.rest-csrf.form-field-name", defaultValue = "csrf-token")
    String fieldName;
    @ConfigProperty(name = "quarkus.rest-csrf.cookie-name", defaultValue = "csrf-token")
    String cookieName;

    public String name() {
        return fieldName;
    }

    /** The token, or null when this request has none (then forms posting from this page will be refused). */
    public String value() {
        try {
            return csrf.get().getToken();
        } catch (RuntimeException e) {
            // the CSRF filter did not run (e.g. an unmatched path): the cookie holds the unsigned token
            try {
                Cookie c = routing.get().request().getCookie(cookieName);
                return c == null ? null : c.getValue();
            } catch (RuntimeException none) {
                return null;
            }
        }
    }
}
