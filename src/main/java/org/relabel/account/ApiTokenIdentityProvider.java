package org.relabel.account;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Resolves {@code Authorization: Bearer <token>}; failures count against the client address in the {@link LoginGuard}. */
@ApplicationScoped
public class ApiTokenIdentityProvider implements IdentityProvider<ApiTokenAuthenticationRequest> {
    @Inject
    ApiTokenService tokens;
    @Inject
    LoginGuard guard;

    @Override
    public Class<ApiTokenAuthenticationRequest> getRequestType() {
        return ApiTokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiTokenAuthenticationRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> tokens.authenticate(request.token())
                .map(a -> Identities.of(a, "token"))
                .orElseGet(() -> {
                    guard.failed(null, LoginGuard.address(HttpSecurityUtils.getRoutingContextAttribute(request)));
                    throw new AuthenticationFailedException();
                }));
    }
}
