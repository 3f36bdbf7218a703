package org.relabel.testing;

import io.vertx.ext.web.Router;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.sql.SQLException;

/**
 * Test-only endpoints that fail with messages that must never reach a client (SQL, class names):
 * one in the REST layer, one as a plain Vert.x route.
 */
@Path("/test-only/fail")
@PermitAll
public class FailingEndpoints {
    public static final String SECRET_SQL = "SELECT password_hash FROM account WHERE username = 'admin'";

    @GET
    @jakarta.ws.rs.Produces({"application/json", "text/html"})
    public String fail() {
        throw new IllegalStateException(SECRET_SQL, new SQLException("ERROR: relation \"account\" does not exist"));
    }

    /** The Vert.x route. */
    @ApplicationScoped
    public static class Routes {
        void register(@Observes Router router) {
            router.get("/test-only/vertx-fail").handler(rc -> rc.fail(new IllegalStateException(SECRET_SQL)));
        }
    }
}
