package org.relabel.ops;

import io.vertx.ext.web.Router;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;

/** Test-only endpoints that fail the way an unreachable database or a full disk makes real code fail. */
@Path("/test-only/environment")
@PermitAll
public class FailingEnvironmentEndpoints {

    @GET
    @Path("database")
    @Produces({"application/json", "text/html"})
    public String database() {
        throw new IllegalStateException("could not commit", new SQLException("Connection to localhost:5432 refused", "08001"));
    }

    @GET
    @Path("disk")
    @Produces({"application/json", "text/html"})
    public String disk() {
        throw new UncheckedIOException(new IOException("No space left on device"));
    }

    /** The same outside the REST layer (a Vert.x route, like sign-in). */
    @ApplicationScoped
    public static class Routes {
        void register(@Observes Router router) {
            router.get("/test-only/environment/vertx-database").handler(rc ->
                    rc.fail(new RuntimeException(new SQLException("the database system is shutting down", "57P03"))));
        }
    }
}
