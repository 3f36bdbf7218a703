package org.relabel.account;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;

/**
 * The user of a session cookie (form login, or a crowd worker's invite session): Quarkus restores it as a
 * trusted request. The account comes from the {@link AccountDirectory}, so a disabled account or changed roles
 * take effect at once, on every instance, without reading the account on every request: a known account is
 * answered on the event loop, and only an account not held (or not trusted) is read, on a worker thread.
 */
@ApplicationScoped
public class SessionIdentityProvider implements IdentityProvider<TrustedAuthenticationRequest> {

    @Inject
    AccountDirectory directory;

    @Override
    public Class<TrustedAuthenticationRequest> getRequestType() {
        return TrustedAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TrustedAuthenticationRequest request, AuthenticationRequestContext context) {
        AccountDirectory.Entry known = directory.known(request.getPrincipal());
        if (known != null) {
            return known.enabled() ? Uni.createFrom().item(known.identity())
                    : Uni.createFrom().failure(new AuthenticationFailedException());
        }
        return context.runBlocking(() -> {
            AccountDirectory.Entry read;
            try {
                read = directory.read(request.getPrincipal());
            } catch (SQLException e) {
                // the cause chain tells the error mapping that the database is unavailable (503)
                throw new IllegalStateException("could not load the account of a session", e);
            }
            if (read == null || !read.enabled()) throw new AuthenticationFailedException();
            return read.identity();
        });
    }
}
