package org.relabel.account;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Security settings (prefix {@code relabel.security}). */
@ConfigMapping(prefix = "relabel.security")
public interface SecurityConfig {

    /** Throttling of failed sign-ins (form login, HTTP Basic and API tokens). */
    Login login();

    /**
     * Content-Security-Policy sent with every response outside {@code /q/}. The pages use no inline
     * script or style, so {@code 'unsafe-inline'} is never needed.
     */
    @WithDefault("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            + "frame-ancestors 'none'; form-action 'self'")
    String contentSecurityPolicy();

    /**
     * Content-Security-Policy for Quarkus' own pages under {@code /q/} (Swagger UI needs inline
     * script and style there).
     */
    @WithDefault("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'")
    String toolContentSecurityPolicy();

    /**
     * Marks the session and CSRF cookies {@code Secure} even when the request reached Relabel over
     * plain HTTP (a TLS-terminating proxy that sends no {@code X-Forwarded-Proto}). With forwarded
     * headers enabled ({@code quarkus.http.proxy.*}) cookies are Secure on HTTPS requests anyway.
     */
    @WithDefault("false")
    boolean secureCookies();

    /**
     * Origins (scheme://host[:port]) besides the server's own from which browsers may send
     * state-changing requests. Requests whose {@code Origin} is neither are refused with 403.
     */
    Optional<List<String>> allowedOrigins();

    /**
     * Longest time an instance answers a session's requests from the account it read before (roles, enabled)
     * without reading it again (each account for a random time between half of it and all of it, so that the
     * accounts of annotators who signed in together are not all read again at once). Changes made through Relabel
     * take effect at once on every instance regardless;
     * this bounds how long a change made by hand in the database (SQL) goes unseen. {@code 0S} reads the account
     * on every request.
     */
    @WithDefault("60S")
    Duration accountMaxAge();

    /** Most API tokens one user may hold. */
    @WithDefault("50")
    int maxTokensPerUser();

    /** Throttling of failed sign-ins. */
    interface Login {
        /** Failed sign-ins for one user name within the window before further attempts are refused (429). */
        @WithDefault("10")
        int maxFailuresPerUser();

        /** Failed sign-ins from one client address within the window before further attempts are refused (429). */
        @WithDefault("50")
        int maxFailuresPerAddress();

        /** Length of the sliding window over which failures are counted, e.g. {@code 15M}. */
        @WithDefault("15M")
        Duration window();
    }
}
