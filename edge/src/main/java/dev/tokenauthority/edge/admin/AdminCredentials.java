package dev.tokenauthority.edge.admin;

import dev.tokenauthority.edge.limit.ClientAddress;
import dev.tokenauthority.edge.limit.FailedVerificationLimiter;
import dev.tokenauthority.events.audit.AuditMetadata;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Tells what an {@code Authorization: Bearer} credential on the admin API is, and checks it:
 * <ol>
 *   <li>an admin key: the cluster administrator, never limited;</li>
 *   <li>a service-account key ({@code tksa_…}): its project and role;</li>
 *   <li>a token secret ({@code tka_…}): an operator token, for start, stop and delete only;</li>
 *   <li>a JWT, when an identity provider is configured: its user, with the roles its claim names.</li>
 * </ol>
 * Everything but a valid admin key counts against the caller's address, as on the verify endpoint: a failure
 * takes from its bucket, and an address whose bucket is empty gets 429 without a check (the admin API would
 * otherwise be a way to test guessed secrets at speed). The actor is left as a request attribute for the audit
 * trail; the log names the client address, never what was presented.
 */
@Component
public class AdminCredentials implements AuthenticationManagerResolver<HttpServletRequest> {

    private static final Logger log = LoggerFactory.getLogger(AdminCredentials.class);

    private final AdminKeys adminKeys;
    private final ServiceAccountKeys serviceAccounts;
    private final OperatorTokens operatorTokens;
    private final IdentityProviderTokens identityProvider;
    private final FailedVerificationLimiter limiter;

    AdminCredentials(AdminKeys adminKeys, ServiceAccountKeys serviceAccounts, OperatorTokens operatorTokens,
                     IdentityProviderTokens identityProvider, FailedVerificationLimiter limiter) {
        this.adminKeys = adminKeys;
        this.serviceAccounts = serviceAccounts;
        this.operatorTokens = operatorTokens;
        this.identityProvider = identityProvider;
        this.limiter = limiter;
    }

    @Override
    public AuthenticationManager resolve(HttpServletRequest request) {
        return authentication -> {
            String presented = ((BearerTokenAuthenticationToken) authentication).getToken();
            AdminAuthentication admin = authenticate(presented, request);
            request.setAttribute(AuditMetadata.ACTOR_ATTRIBUTE, admin.actor());
            return admin;
        };
    }

    /**
     * Checks {@code presented} as it came with {@code request} (the console's sign-in uses this too, so a guessed key
     * costs the address an attempt there as well).
     *
     * @throws AuthenticationException when it opens nothing; {@link TooManyFailedAttempts} when the address is out of
     *                                 attempts
     */
    public AdminAuthentication authenticate(String presented, HttpServletRequest request) {
        Optional<String> administrator = adminKeys.principalOf(presented);
        if (administrator.isPresent()) {
            return AdminAuthentication.clusterAdmin(administrator.get());
        }
        String client = ClientAddress.of(request);
        Duration retryAfter = limiter.retryAfter(client);
        if (!retryAfter.isZero()) {
            throw new TooManyFailedAttempts(retryAfter);
        }
        try {
            if (ServiceAccountKeys.looksLikeOne(presented)) {
                return serviceAccounts.authenticate(presented);
            }
            if (OperatorTokens.looksLikeOne(presented)) {
                return operatorTokens.authenticate(presented, request);
            }
            if (identityProvider.isConfigured() && IdentityProviderTokens.looksLikeOne(presented)) {
                return identityProvider.authenticate(presented);
            }
            throw new BadCredentialsException("wrong key");
        } catch (AuthenticationException e) {
            limiter.recordFailure(client);
            log.info("admin call refused: {} {} from {} ({})", request.getMethod(), request.getRequestURI(),
                    request.getRemoteAddr(), e.getMessage());
            throw e;
        }
    }
}
