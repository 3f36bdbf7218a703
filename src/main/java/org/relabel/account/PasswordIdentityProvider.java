package org.relabel.account;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * User name and password (form login and HTTP Basic): checks the bcrypt hash and that the account is
 * enabled, and feeds the {@link LoginGuard}. Since HTTP Basic sends the password with every API call,
 * a successful check is remembered for a few minutes (as a salted SHA-256 of the password, tied to the
 * stored hash, so a password change ends it) instead of running bcrypt again.
 */
@ApplicationScoped
public class PasswordIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {
    static final Duration REMEMBER = Duration.ofMinutes(5);

    @Inject
    LoginGuard guard;

    private final byte[] salt = new byte[32];
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(String storedHash, byte[] digest, long expiresAt) {
    }

    public PasswordIdentityProvider() {
        new SecureRandom().nextBytes(salt);
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
                                              AuthenticationRequestContext context) {
        return context.runBlocking(() -> check(request));
    }

    private SecurityIdentity check(UsernamePasswordAuthenticationRequest request) {
        RoutingContext rc = HttpSecurityUtils.getRoutingContextAttribute(request);
        String address = LoginGuard.address(rc);
        String username = request.getUsername();
        Optional<Duration> blocked = guard.blocked(username, address);
        if (blocked.isPresent()) {
            if (rc != null) rc.put(LoginGuard.THROTTLED, blocked.get());
            throw new AuthenticationFailedException("too many failed sign-ins");
        }
        String password = new String(request.getPassword().getPassword());
        Account account = QuarkusTransaction.requiringNew().call(() -> Account.byUsername(username).orElse(null));
        // an unknown user costs the same bcrypt run as a wrong password (Passwords.matches with a null hash)
        boolean passwordOk = (account != null && remembered(account, password))
                || Passwords.matches(password, account == null ? null : account.passwordHash);
        boolean ok = account != null && account.enabled && passwordOk;
        if (!ok) {
            guard.failed(username, address);
            throw new AuthenticationFailedException();
        }
        guard.succeeded(username);
        verified.put(account.username, new Verified(account.passwordHash, digest(password), System.currentTimeMillis()
                + REMEMBER.toMillis()));
        return Identities.of(account, "password");
    }

    private boolean remembered(Account account, String password) {
        Verified v = verified.get(account.username);
        if (v == null || v.expiresAt < System.currentTimeMillis() || !v.storedHash.equals(account.passwordHash)) {
            return false;
        }
        return MessageDigest.isEqual(v.digest, digest(password));
    }

    /** Forgets remembered passwords of a user (after a password change or when disabling). */
    public void forget(String username) {
        verified.remove(username);
    }

    private byte[] digest(String password) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(salt);
            return md.digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
