package org.relabel.account;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import java.util.List;

/** Builds the security identity of an account: its user name, its current roles and its id. */
final class Identities {
    /** Identity attribute holding the account id (a Long). */
    static final String ACCOUNT_ID = "relabel.account-id";
    /** Identity attribute naming how the caller authenticated: password, session or token. */
    static final String METHOD = "relabel.auth-method";

    private Identities() {
    }

    static SecurityIdentity of(Account a, String method) {
        return of(a.id, a.username, a.roleList(), method);
    }

    static SecurityIdentity of(long accountId, String username, List<String> roles, String method) {
        QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(username))
                .addAttribute(ACCOUNT_ID, accountId)
                .addAttribute(METHOD, method);
        for (String role : roles) {
            if (Roles.ALL.contains(role)) b.addRole(role);
        }
        return b.build();
    }
}
