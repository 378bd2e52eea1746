package dev.tokenauthority.edge.admin;

import dev.tokenauthority.events.access.ProjectRole;
import dev.tokenauthority.events.readmodel.ResourceIds;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.stereotype.Component;

/**
 * JWT access tokens of the company's identity provider ({@code token-authority.oidc.issuer-uri}), checked by
 * Spring Security's resource server: signature with a key of the issuer's JWKS (found through its OpenID
 * discovery document), issuer, lifetime ({@code token-authority.oidc.clock-skew}, default 60 s) and, when
 * {@code token-authority.oidc.audience} is set, audience. The project roles come from a claim
 * ({@code token-authority.oidc.roles-claim}, default {@value #DEFAULT_ROLES_CLAIM}) of entries
 * {@code <projectId>:<viewer|editor|owner>}; others are ignored. A valid token without roles is authenticated and
 * may do nothing (403).
 *
 * <p>The issuer is asked for its keys on the first token, not at start: the service starts and serves tokens and
 * keys while the identity provider is down, and admin calls with its tokens answer 401 until it is back.
 */
@Component
class IdentityProviderTokens {

    static final String DEFAULT_ROLES_CLAIM = "token_authority_roles";
    private static final Logger log = LoggerFactory.getLogger(IdentityProviderTokens.class);

    private final JwtAuthenticationProvider provider;
    private final String rolesClaim;

    IdentityProviderTokens(@Value("${token-authority.oidc.issuer-uri:}") String issuer,
                           @Value("${token-authority.oidc.audience:}") String audience,
                           @Value("${token-authority.oidc.roles-claim:" + DEFAULT_ROLES_CLAIM + "}") String rolesClaim,
                           @Value("${token-authority.oidc.clock-skew:60s}") Duration clockSkew,
                           Clock clock) {
        this.rolesClaim = rolesClaim;
        if (issuer.isBlank()) {
            this.provider = null;
            return;
        }
        JwtTimestampValidator lifetime = new JwtTimestampValidator(clockSkew);
        lifetime.setClock(clock);
        OAuth2TokenValidator<Jwt> validator = audience.isBlank()
                ? new DelegatingOAuth2TokenValidator<>(lifetime, new JwtIssuerValidator(issuer))
                : new DelegatingOAuth2TokenValidator<>(lifetime, new JwtIssuerValidator(issuer),
                        new JwtClaimValidator<Collection<String>>(JwtClaimNames.AUD,
                                aud -> aud != null && aud.contains(audience)));
        SupplierJwtDecoder decoder = new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder discovered = (NimbusJwtDecoder) JwtDecoders.fromIssuerLocation(issuer);
            discovered.setJwtValidator(validator);
            return discovered;
        });
        this.provider = new JwtAuthenticationProvider(decoder);
        this.provider.setJwtAuthenticationConverter(this::toAdmin);
        log.info("admin API: accepting JWT access tokens of {} (roles claim {}{})", issuer, rolesClaim,
                audience.isBlank() ? "" : ", audience " + audience);
    }

    boolean isConfigured() {
        return provider != null;
    }

    /** Whether {@code presented} has the shape of a JWS (three base64url parts). */
    static boolean looksLikeOne(String presented) {
        return presented.chars().filter(c -> c == '.').count() == 2;
    }

    AdminAuthentication authenticate(String presented) {
        if (provider == null) {
            throw new BadCredentialsException("no identity provider is configured");
        }
        Authentication result = provider.authenticate(new BearerTokenAuthenticationToken(presented));
        return (AdminAuthentication) result;
    }

    private AdminAuthentication toAdmin(Jwt jwt) {
        Map<String, ProjectRole> projects = new HashMap<>();
        Object claim = jwt.getClaims().get(rolesClaim);
        List<?> entries = claim instanceof Collection<?> many ? List.copyOf(many) : claim == null ? List.of() : List.of(claim);
        for (Object entry : entries) {
            String text = String.valueOf(entry);
            int colon = text.lastIndexOf(':');
            ProjectRole role = colon < 1 ? null : ProjectRole.fromValue(text.substring(colon + 1));
            String project = colon < 1 ? null : text.substring(0, colon);
            if (role == null || !ResourceIds.isValid(project)) {
                continue; // not ours to interpret
            }
            projects.merge(project, role, (a, b) -> a.includes(b) ? a : b);
        }
        String subject = jwt.getSubject() == null ? "unknown" : jwt.getSubject();
        return AdminAuthentication.identityProviderUser(subject, projects);
    }
}
