package org.relabel.account;

import io.agroal.api.AgroalDataSource;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The user of a form-login session cookie (Quarkus restores it as a trusted request). Loads the
 * account on each request, so a disabled account or changed roles take effect at once. This runs on
 * every request of a signed-in browser (the annotator page's hot path), so it is one indexed query
 * on an auto-commit connection: no transaction, no entity.
 */
@ApplicationScoped
public class SessionIdentityProvider implements IdentityProvider<TrustedAuthenticationRequest> {

    @Inject
    AgroalDataSource dataSource;

    @Override
    public Class<TrustedAuthenticationRequest> getRequestType() {
        return TrustedAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TrustedAuthenticationRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> {
            String username = request.getPrincipal();
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT id, roles, enabled FROM account WHERE username = ?")) {
                ps.setString(1, username);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || !rs.getBoolean(3)) throw new AuthenticationFailedException();
                    return Identities.of(rs.getLong(1), username, Account.roleList(rs.getString(2)), "session");
                }
            } catch (SQLException e) {
                // the cause chain tells the error mapping that the database is unavailable (503)
                throw new IllegalStateException("could not load the account of a session", e);
            }
        });
    }
}
