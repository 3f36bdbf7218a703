package org.relabel.account;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** An {@code Authorization: Bearer <token>} credential, resolved by {@link ApiTokenIdentityProvider}. */
public class ApiTokenAuthenticationRequest extends BaseAuthenticationRequest {
    private final String token;

    public ApiTokenAuthenticationRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }
}
