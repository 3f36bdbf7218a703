package org.relabel.annotation;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * Signs in crowd workers who came through an invite link: the {@value CrowdService#COOKIE} cookie
 * carries their user name and an expiry, signed with the invite key (HMAC-SHA256). Quarkus' form
 * login keeps its own encrypted cookie for password users; this mechanism exists because form
 * login offers no way to start a session without a password. It challenges nobody (the
 * {@link org.relabel.account.ChallengeMechanism} decides how anonymous requests are answered).
 */
@ApplicationScoped
public class CrowdSessionMechanism implements HttpAuthenticationMechanism {

    @Inject
    CrowdService crowd;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        Cookie cookie = context.request().getCookie(CrowdService.COOKIE);
        if (cookie == null) return Uni.createFrom().nullItem();
        String username = crowd.sessionUser(cookie.getValue());
        if (username == null) return Uni.createFrom().nullItem();
        AuthenticationRequest request = HttpSecurityUtils.setRoutingContextAttribute(
                new TrustedAuthenticationRequest(username), context);
        // an account deleted since the cookie was issued simply leaves the request anonymous
        return identityProviderManager.authenticate(request).onFailure().recoverWithNull();
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TrustedAuthenticationRequest.class);
    }
}
