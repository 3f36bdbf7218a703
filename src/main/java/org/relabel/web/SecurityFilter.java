package org.relabel.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.relabel.account.ChallengeMechanism;
import org.relabel.account.LoginGuard;
import org.relabel.account.SecurityConfig;

/**
 * Runs on every request before authentication:
 * <ul>
 *   <li>security headers: Content-Security-Policy (no inline script), X-Content-Type-Options, Referrer-Policy,
 *       X-Frame-Options, and HSTS on HTTPS;</li>
 *   <li>an origin check: a state-changing request that a browser sends from another site ({@code Origin} or
 *       {@code Sec-Fetch-Site}) is refused with 403, the second line of CSRF defence after SameSite cookies and
 *       form tokens (curl and scripts send no Origin and are not affected);</li>
 *   <li>sign-in throttling: HTTP Basic and token requests from a throttled user or address get 429
 *       problem+json with Retry-After; form sign-ins are sent back to {@code /login?error=throttled}.</li>
 *   <li>CSRF tokens are for browsers: a script that authenticates with an {@code Authorization} header and is no
 *       browser (no {@code Origin}, no {@code Sec-Fetch-Site}, no CSRF cookie) may post forms and multipart
 *       uploads without one ({@code curl -F file=@model.pt}); the request is given a matching one-off cookie
 *       and header so that the CSRF filter lets it through.</li>
 * </ul>
 */
@ApplicationScoped
public class SecurityFilter {
    /** After CORS (300), before authentication (200). */
    static final int PRIORITY = 250;
    static final String THROTTLED_LOGIN = "/login?error=throttled";

    @Inject
    SecurityConfig config;
    @Inject
    LoginGuard guard;
    @ConfigProperty(name = "quarkus.http.auth.form.post-location", defaultValue = "/j_security_check")
    String loginPost;
    @ConfigProperty(name = "quarkus.http.auth.form.cookie-name", defaultValue = "quarkus-credential")
    String sessionCookie;
    @ConfigProperty(name = "quarkus.rest-csrf.cookie-name", defaultValue = "csrf-token")
    String csrfCookie;
    @ConfigProperty(name = "quarkus.rest-csrf.token-header-name", defaultValue = "X-CSRF-TOKEN")
    String csrfHeader;
    @ConfigProperty(name = "quarkus.rest-csrf.token-size", defaultValue = "16")
    int csrfTokenSize;
    private final SecureRandom random = new SecureRandom();

    void register(@Observes Filters filters) {
        filters.register(this::handle, PRIORITY);
    }

    void handle(RoutingContext rc) {
        HttpServerRequest req = rc.request();
        HttpServerResponse res = rc.response();
        String path = rc.normalizedPath();
        headers(req, res, path);
        if (config.secureCookies()) {
            rc.addHeadersEndHandler(v -> secureCookies(res));
        }
        boolean unsafe = !(req.method() == HttpMethod.GET || req.method() == HttpMethod.HEAD
                || req.method() == HttpMethod.OPTIONS);
        if (unsafe && crossSite(req)) {
            problem(rc, 403, "cross-site", "Cross-site request refused",
                    "state-changing requests must come from this site's own pages (Origin "
                            + Optional.ofNullable(req.getHeader(HttpHeaders.ORIGIN)).orElse("absent") + ")", null);
            return;
        }
        if (throttled(rc, path, unsafe)) return;
        if (unsafe) exemptScripts(req);
        rc.next();
    }

    /** See the class comment: scripts with an Authorization header need no CSRF token. */
    private void exemptScripts(HttpServerRequest req) {
        if (req.getHeader(HttpHeaders.AUTHORIZATION) == null || req.getHeader(HttpHeaders.ORIGIN) != null
                || req.getHeader("Sec-Fetch-Site") != null || req.getHeader(csrfHeader) != null) {
            return;
        }
        String cookies = req.getHeader(HttpHeaders.COOKIE);
        if (cookies != null && cookies.contains(csrfCookie + "=")) return;
        byte[] bytes = new byte[csrfTokenSize];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        req.headers().set(HttpHeaders.COOKIE, (cookies == null || cookies.isBlank() ? "" : cookies + "; ")
                + csrfCookie + "=" + token);
        req.headers().set(csrfHeader, token);
    }

    private void headers(HttpServerRequest req, HttpServerResponse res, String path) {
        res.putHeader("Content-Security-Policy", path.startsWith("/q/") ? config.toolContentSecurityPolicy()
                : config.contentSecurityPolicy());
        res.putHeader("X-Content-Type-Options", "nosniff");
        res.putHeader("X-Frame-Options", "DENY");
        res.putHeader("Referrer-Policy", "same-origin");
        res.putHeader("Cross-Origin-Opener-Policy", "same-origin");
        if (req.isSSL()) res.putHeader("Strict-Transport-Security", "max-age=31536000");
    }

    /** Whether a browser says this request comes from another site than the one it is sent to. */
    private boolean crossSite(HttpServerRequest req) {
        String origin = req.getHeader(HttpHeaders.ORIGIN);
        if (origin != null) {
            if (allowedOrigin(origin)) return false;
            return !sameHost(origin, req);
        }
        String site = req.getHeader("Sec-Fetch-Site");
        return site != null && (site.equals("cross-site") || site.equals("same-site"));
    }

    private boolean allowedOrigin(String origin) {
        List<String> allowed = config.allowedOrigins().orElse(List.of());
        return allowed.stream().anyMatch(a -> a.equalsIgnoreCase(origin.strip()));
    }

    /** Origin {@code scheme://host[:port]} against the Host the request was sent to (forwarded host when configured). */
    static boolean sameHost(String origin, HttpServerRequest req) {
        if (origin.equals("null")) return false;
        try {
            URI uri = URI.create(origin.strip());
            if (uri.getHost() == null) return false;
            String originAuthority = uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
            String host = req.getHeader(HttpHeaders.HOST);
            if (host == null && req.authority() != null) host = req.authority().toString();
            if (host == null) return false;
            host = host.toLowerCase(Locale.ROOT);
            if (host.equals(originAuthority)) return true;
            // default ports may be spelled on one side only
            String bare = uri.getHost().toLowerCase(Locale.ROOT);
            return host.equals(bare + ":80") && "http".equals(uri.getScheme())
                    || host.equals(bare + ":443") && "https".equals(uri.getScheme())
                    || originAuthority.equals(host + ":80") && "http".equals(uri.getScheme())
                    || originAuthority.equals(host + ":443") && "https".equals(uri.getScheme());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private boolean throttled(RoutingContext rc, String path, boolean unsafe) {
        HttpServerRequest req = rc.request();
        String address = LoginGuard.address(rc);
        if (unsafe && path.equals(loginPost)) {
            Optional<Duration> wait = guard.blocked(null, address);
            if (wait.isPresent()) {
                rc.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, THROTTLED_LOGIN).end();
                return true;
            }
            // a user-name throttle is found by the identity provider once the form is read
            rc.addHeadersEndHandler(v -> {
                if (rc.get(LoginGuard.THROTTLED) != null && rc.response().getStatusCode() / 100 == 3) {
                    rc.response().putHeader(HttpHeaders.LOCATION, THROTTLED_LOGIN);
                }
            });
            return false;
        }
        String authorization = req.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null) return false;
        String username = null;
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            username = basicUser(authorization.substring(6).trim());
        } else if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        Optional<Duration> wait = guard.blocked(username, address);
        if (wait.isEmpty()) return false;
        long seconds = Math.max(1, wait.get().toSeconds());
        problem(rc, 429, "too-many-attempts", "Too many failed sign-ins",
                "too many failed sign-ins for this user or address; try again in " + seconds + " s", seconds);
        return true;
    }

    private static String basicUser(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? decoded : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void secureCookies(HttpServerResponse res) {
        for (String name : List.of(sessionCookie, csrfCookie)) {
            Cookie c = res.removeCookie(name, false);
            if (c != null) res.addCookie(c.setSecure(true));
        }
    }

    private static void problem(RoutingContext rc, int status, String code, String title, String detail, Long retryAfter) {
        String path = rc.normalizedPath();
        boolean api = ChallengeMechanism.isApi(path);
        String accept = Optional.ofNullable(rc.request().getHeader(HttpHeaders.ACCEPT)).orElse("");
        HttpServerResponse res = rc.response().setStatusCode(status);
        if (retryAfter != null) res.putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter));
        if (!api && accept.contains("text/html")) {
            res.putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=UTF-8")
                    .end(ErrorPages.html(status, title, detail));
        } else {
            res.putHeader(HttpHeaders.CONTENT_TYPE, ProblemMapper.PROBLEM_JSON)
                    .end(ErrorPages.problemJson(code, title, status, detail, path));
        }
    }
}
