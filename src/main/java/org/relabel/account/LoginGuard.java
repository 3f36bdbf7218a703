package org.relabel.account;

import io.quarkus.scheduler.Scheduled;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The application's {@link LoginThrottle}, configured by {@code relabel.security.login.*}. Identity
 * providers record outcomes here; the HTTP filter refuses throttled requests before they are
 * authenticated. The client address is the connection's peer, or the forwarded one when
 * {@code quarkus.http.proxy.proxy-address-forwarding} is on.
 */
@ApplicationScoped
public class LoginGuard {
    /** Routing-context key set when a sign-in was refused because of throttling (value: the wait, a Duration). */
    public static final String THROTTLED = "relabel.login.throttled";

    @Inject
    SecurityConfig config;

    private LoginThrottle throttle;

    @PostConstruct
    void init() {
        SecurityConfig.Login l = config.login();
        throttle = new LoginThrottle(l.maxFailuresPerUser(), l.maxFailuresPerAddress(), l.window(), Clock.systemUTC());
    }

    public Optional<Duration> blocked(String username, String address) {
        return throttle.blocked(username, address);
    }

    public void failed(String username, String address) {
        throttle.failed(username, address);
    }

    public void succeeded(String username) {
        throttle.succeeded(username);
    }

    public static String address(RoutingContext rc) {
        if (rc == null) return null;
        SocketAddress a = rc.request().remoteAddress();
        return a == null ? null : a.hostAddress();
    }

    @Scheduled(every = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() {
        throttle.prune();
    }
}
