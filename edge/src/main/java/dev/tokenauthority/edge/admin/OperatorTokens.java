package dev.tokenauthority.edge.admin;

import dev.tokenauthority.edge.limit.ClientAddress;
import dev.tokenauthority.edge.signal.DisallowedAddressSignals;
import dev.tokenauthority.events.access.Action;
import dev.tokenauthority.events.secret.TokenSecrets;
import dev.tokenauthority.query.verify.TokenVerifier;
import dev.tokenauthority.query.verify.Verdict;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.stereotype.Component;

/**
 * Authenticates a token secret on the admin API, which it opens for one thing only: start, stop or delete of an
 * instance it covers with role {@code operator} (the second seed's operator token). Anywhere else, or an invalid
 * secret: 401. A valid token without that right is authenticated without it, so authorization answers 403.
 */
@Component
class OperatorTokens {

    private static final Logger log = LoggerFactory.getLogger(OperatorTokens.class);

    private final TokenVerifier tokens;
    private final DisallowedAddressSignals addressSignals;

    OperatorTokens(TokenVerifier tokens, DisallowedAddressSignals addressSignals) {
        this.tokens = tokens;
        this.addressSignals = addressSignals;
    }

    static boolean looksLikeOne(String presented) {
        return presented.startsWith(TokenSecrets.PREFIX);
    }

    AdminAuthentication authenticate(String presented, HttpServletRequest request) {
        AdminAuthentication.ManagedInstance instance = AdminCalls.managedInstance(request);
        if (instance == null) {
            throw new BadCredentialsException("a token opens only start, stop and delete of an instance");
        }
        String client = ClientAddress.of(request);
        Verdict verdict = tokens.verify(presented, client, instance.projectId(), instance.regionId(),
                instance.instanceId(), Action.MANAGE);
        if (verdict.reason() == Verdict.Reason.ADDRESS_NOT_ALLOWED) {
            addressSignals.record(verdict.tokenId(), client, "admin API");
        }
        switch (verdict.outcome()) {
            case ALLOWED -> {
                return AdminAuthentication.operatorToken(verdict.tokenId(), instance);
            }
            case INSUFFICIENT_SCOPE -> {
                log.info("manage call refused: {} {} from {} ({} token={})", request.getMethod(), request.getRequestURI(),
                        request.getRemoteAddr(), verdict.reason(), verdict.tokenId());
                return AdminAuthentication.operatorToken(verdict.tokenId(), null);
            }
            default -> throw new BadCredentialsException("invalid token (" + verdict.reason() + ")");
        }
    }
}
