package org.relabel.account;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** The signed-in user, for pages ({@code inject:currentUser} in templates) and resources. */
@Named("currentUser")
@RequestScoped
public class CurrentUser {
    @Inject
    SecurityIdentity identity;

    public boolean anonymous() {
        return identity.isAnonymous();
    }

    public String name() {
        return identity.isAnonymous() ? null : identity.getPrincipal().getName();
    }

    public boolean has(String role) {
        return identity.hasRole(role);
    }

    public boolean any(String... roles) {
        for (String r : roles) {
            if (identity.hasRole(r)) return true;
        }
        return false;
    }

    /** The account id of the signed-in user, or null when anonymous. */
    public Long accountId() {
        Object id = identity.getAttribute(Identities.ACCOUNT_ID);
        return id instanceof Long l ? l : null;
    }

    /** The account id, or a 401-style failure when there is none (for endpoints that need an account). */
    public long requireAccountId() {
        Long id = accountId();
        if (id == null) throw new io.quarkus.security.UnauthorizedException();
        return id;
    }
}
