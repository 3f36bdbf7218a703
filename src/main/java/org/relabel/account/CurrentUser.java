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
}
