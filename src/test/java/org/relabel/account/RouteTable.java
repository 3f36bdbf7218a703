package org.relabel.account;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every endpoint and page of Relabel with the roles that may call it: the one place where access is
 * declared for the tests. {@link RouteTableCoverageTest} fails when a JAX-RS method is missing here (or
 * listed here but gone), {@link AuthorizationMatrixTest} calls each route as anonymous and as every role
 * and checks the answer: anonymous gets 401 (API) or a redirect to the sign-in page (pages), a role not
 * listed gets 403, a listed role gets neither.
 * <p>
 * Add a line when adding an endpoint. Requests are built so that an allowed call changes nothing (an
 * unknown id, an invalid body), since the matrix runs against the shared test database.
 */
public final class RouteTable {
    public static final String A = Roles.ADMIN;
    public static final String C = Roles.CURATOR;
    public static final String R = Roles.RESEARCHER;
    public static final String N = Roles.ANNOTATOR;
    /** No role needed: anonymous callers are let through. */
    public static final Set<String> PUBLIC = Set.of();
    public static final Set<String> EVERY_ROLE = Set.of(A, C, R, N);
    public static final Set<String> STAFF = Set.of(A, C, R);

    /** Fixture dataset: exists, with test-curator and test-researcher as members. */
    public static final String DATASET = "authz-ds";
    /** Values substituted for path parameters. */
    public static final Map<String, String> PARAMS = Map.ofEntries(
            Map.entry("d", DATASET),
            Map.entry("image", "no-such-image.jpg"),
            Map.entry("id", "999999"),
            Map.entry("hash", "0000000000000000000000000000000000000000000000000000000000000000"),
            Map.entry("name", "authz-nobody"),
            Map.entry("user", "authz-nobody"),
            Map.entry("m", "no-such-model"),
            Map.entry("finding", "999999"),
            Map.entry("c", "999999"),
            Map.entry("a", "999999"),
            Map.entry("v", "v999999"),
            Map.entry("file", "labels.csv"));

    /**
     * One route. {@code template} is the JAX-RS path with parameters written {@code {name}} (regular
     * expressions dropped); {@code jaxrs} is false for routes outside the REST layer (Quarkus' own, form login).
     */
    public record Route(String method, String template, Set<String> roles, String contentType, String body, boolean jaxrs) {
        public boolean isPublic() {
            return roles.isEmpty();
        }

        public boolean api() {
            return ChallengeMechanism.isApi(template);
        }

        public boolean form() {
            return "application/x-www-form-urlencoded".equals(contentType);
        }

        public String path() {
            String p = template;
            for (var e : PARAMS.entrySet()) p = p.replace("{" + e.getKey() + "}", e.getValue());
            return p;
        }

        public String key() {
            return method + " " + template;
        }

        Route body(String type, String content) {
            return new Route(method, template, roles, type, content, jaxrs);
        }

        Route json(String content) {
            return body("application/json", content);
        }

        /** A form post; the CSRF token is added by the test. */
        Route form(String content) {
            return body("application/x-www-form-urlencoded", content);
        }

        Route notJaxrs() {
            return new Route(method, template, roles, contentType, body, false);
        }
    }

    private static Route get(String template, Set<String> roles) {
        return new Route("GET", template, roles, null, null, true);
    }

    private static Route post(String template, Set<String> roles) {
        return new Route("POST", template, roles, null, null, true);
    }

    private static Route put(String template, Set<String> roles) {
        return new Route("PUT", template, roles, null, null, true);
    }

    private static Route delete(String template, Set<String> roles) {
        return new Route("DELETE", template, roles, null, null, true);
    }

    private static final String LONG_NAME = "x".repeat(101);

    public static final List<Route> ROUTES = List.of(
            // pages
            get("/", EVERY_ROLE),
            get("/login", PUBLIC),
            post("/logout", PUBLIC).form(""),
            get("/datasets/{d}", STAFF),
            get("/account", EVERY_ROLE),
            post("/account/tokens", EVERY_ROLE).form("name=" + LONG_NAME),
            post("/account/tokens/{id}/revoke", EVERY_ROLE).form(""),
            post("/account/password", EVERY_ROLE).form("current=a&password=bbbbbbbb&confirm=cccccccc"),
            get("/admin/users", Set.of(A)),
            post("/admin/users", Set.of(A)).form("username="),
            post("/admin/users/{name}", Set.of(A)).form("roles=annotator"),
            get("/curate/annotators", Set.of(A, C)),
            post("/curate/annotators/pause", Set.of(A, C)).form("annotator="),
            post("/curate/annotators/reinstate", Set.of(A, C)).form("annotator=authz-nobody"),
            // datasets
            get("/api/datasets", STAFF),
            put("/api/datasets/{d}", Set.of(A, R)).json("{\"name\":\"Authorization fixture\"}"),
            get("/api/datasets/{d}", STAFF),
            post("/api/datasets/{d}/classes", Set.of(A, R)).body("text/csv", "key,name\n"),
            get("/api/datasets/{d}/classes", STAFF),
            post("/api/datasets/{d}/images", Set.of(A, R)).body("text/csv", "image,label\n"),
            get("/api/datasets/{d}/images", STAFF),
            get("/api/datasets/{d}/images/{image}", STAFF),
            get("/api/datasets/{d}/members", STAFF),
            put("/api/datasets/{d}/members/{user}", Set.of(A)).json("{\"roles\":[]}"),
            delete("/api/datasets/{d}/members/{user}", Set.of(A)),
            get("/media/{hash}", EVERY_ROLE),
            get("/media/{hash}/preview", EVERY_ROLE),
            // models, predictions, scoring
            post("/api/datasets/{d}/predictions", Set.of(A, R)).body("text/csv", "image,model,rank,label,probability\n"),
            get("/api/datasets/{d}/models", STAFF),
            post("/api/datasets/{d}/models", Set.of(A, R)).body("multipart/form-data; boundary=authz",
                    "--authz\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nauthz\r\n--authz--\r\n"),
            post("/api/datasets/{d}/models/{m}/score", Set.of(A, R)),
            get("/datasets/{d}/models", STAFF),
            post("/datasets/{d}/models", Set.of(A, R)).body("multipart/form-data; boundary=authz",
                    "--authz\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nauthz\r\n--authz--\r\n"),
            post("/datasets/{d}/models/{m}/score", Set.of(A, R)).form("topK=5"),
            // judgments and consensus
            post("/api/datasets/{d}/judgments", Set.of(A, C, R)).body("text/csv", "image,label,annotator,answer\n"),
            post("/api/datasets/{d}/consensus", Set.of(A, C)).json("{\"method\":\"no-such-method\"}"),
            get("/api/datasets/{d}/consensus", STAFF),
            get("/api/datasets/{d}/annotators", Set.of(A, C)),
            // audit
            get("/datasets/{d}/dashboard", STAFF),
            get("/datasets/{d}/review", Set.of(A, C)),
            post("/datasets/{d}/review/{finding}", Set.of(A, C)).form("decision=nonsense"),
            get("/datasets/{d}/review/grid", Set.of(A, C)),
            post("/datasets/{d}/review/grid", Set.of(A, C)).form(""),
            get("/api/datasets/{d}/metrics", STAFF),
            get("/api/datasets/{d}/findings", STAFF),
            post("/api/datasets/{d}/findings", Set.of(A, C)),
            post("/api/datasets/{d}/images/{image}/review", Set.of(A, C)).json("{}"),
            get("/api/datasets/{d}/reviews", STAFF),
            // campaigns (management)
            get("/datasets/{d}/campaigns", Set.of(A, C)),
            get("/datasets/{d}/campaigns/{c}", Set.of(A, C)),
            get("/api/datasets/{d}/campaigns", Set.of(A, C)),
            post("/api/datasets/{d}/campaigns", Set.of(A, C)).json("{}"),
            get("/api/datasets/{d}/campaigns/{c}", Set.of(A, C)),
            put("/api/datasets/{d}/campaigns/{c}", Set.of(A, C)).json("{}"),
            delete("/api/datasets/{d}/campaigns/{c}", Set.of(A, C)),
            put("/api/datasets/{d}/campaigns/{c}/gold", Set.of(A, C)).body("text/csv", "image,label\n"),
            post("/api/datasets/{d}/campaigns/{c}/open", Set.of(A, C)),
            post("/api/datasets/{d}/campaigns/{c}/close", Set.of(A, C)),
            post("/api/datasets/{d}/campaigns/{c}/invites", Set.of(A, C)).json("{}"),
            // annotation
            get("/annotate", Set.of(N, A)),
            get("/annotate/{c}", Set.of(N, A)),
            get("/join/{c}", PUBLIC),
            get("/api/campaigns", Set.of(N, A)),
            get("/api/campaigns/{c}", Set.of(N, A)),
            get("/api/campaigns/{c}/progress", Set.of(N, A)),
            post("/api/campaigns/{c}/assignments", Set.of(N, A)),
            get("/api/campaigns/{c}/assignments", Set.of(N, A)),
            post("/api/campaigns/{c}/assignments/{a}/skip", Set.of(N, A)),
            post("/api/campaigns/{c}/judgments", Set.of(N, A)).json("{}"),
            post("/api/campaigns/{c}/judgments/undo", Set.of(N, A)),
            // releases (the freeze requests are invalid: authors too long)
            get("/datasets/{d}/releases", STAFF),
            post("/datasets/{d}/releases", STAFF).form("authors=" + "x".repeat(1001)),
            get("/datasets/{d}/releases/{v}", STAFF),
            get("/datasets/{d}/releases/{v}/diff", STAFF),
            post("/api/datasets/{d}/releases", STAFF).json("{\"authors\":\"" + "x".repeat(1001) + "\"}"),
            get("/api/datasets/{d}/releases", STAFF),
            get("/api/datasets/{d}/releases/{v}", STAFF),
            get("/api/datasets/{d}/releases/{v}/diff", STAFF),
            get("/api/datasets/{d}/releases/{v}/{file}", STAFF),
            // demo
            get("/api/datasets/{d}/demo/truth-report", Set.of(A)),
            post("/api/demo/reset", Set.of(A)),
            get("/datasets/{d}/demo", Set.of(A)),
            get("/admin/demo", Set.of(A)),
            post("/admin/demo/reset", Set.of(A)).form(""),
            // jobs
            get("/api/jobs", STAFF),
            get("/api/jobs/{id}", STAFF),
            post("/api/jobs/{id}/cancel", STAFF),
            // accounts
            get("/api/tokens", EVERY_ROLE),
            post("/api/tokens", EVERY_ROLE).json("{\"name\":\"" + LONG_NAME + "\"}"),
            delete("/api/tokens/{id}", EVERY_ROLE),
            get("/api/users", Set.of(A)),
            post("/api/users", Set.of(A)).json("{}"),
            get("/api/users/{name}", Set.of(A)),
            put("/api/users/{name}", Set.of(A)).json("{\"enabled\":true}"),
            get("/api/annotators", Set.of(A, C)),
            get("/api/annotators/pauses", Set.of(A, C)),
            post("/api/annotators/pauses", Set.of(A, C)).json("{}"),
            post("/api/annotators/reinstate", Set.of(A, C)).json("{}"),
            // outside the REST layer
            post("/j_security_check", PUBLIC).form("j_username=authz-nobody&j_password=wrong").notJaxrs(),
            get("/q/health", PUBLIC).notJaxrs(),
            get("/q/openapi", PUBLIC).notJaxrs(),
            get("/q/swagger-ui/", PUBLIC).notJaxrs(),
            get("/q/metrics", Set.of(A)).notJaxrs(),
            get("/css/app.css", PUBLIC).notJaxrs(),
            get("/js/app.js", PUBLIC).notJaxrs());

    /** The routes by {@link Route#key()}; fails on duplicates. */
    public static Map<String, Route> byKey() {
        Map<String, Route> map = new LinkedHashMap<>();
        for (Route r : ROUTES) {
            if (map.put(r.key(), r) != null) throw new IllegalStateException("listed twice: " + r.key());
        }
        return map;
    }

    private RouteTable() {
    }
}
