package dev.tokenauthority.app.web;

import dev.tokenauthority.app.config.AdminKeys;
import dev.tokenauthority.events.audit.AuditMetadata;
import dev.tokenauthority.events.access.Action;
import dev.tokenauthority.events.secret.TokenSecrets;
import dev.tokenauthority.query.gateway.ClientAddress;
import dev.tokenauthority.query.gateway.FailedVerificationLimiter;
import dev.tokenauthority.query.verify.BearerCredentials;
import dev.tokenauthority.query.verify.TokenVerifier;
import dev.tokenauthority.query.verify.Verdict;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may call the admin API ({@code /v1alpha/…} but the gateway endpoints):
 * <ul>
 *   <li>the admin key, as {@code Authorization: Bearer <admin key>}, for every call;</li>
 *   <li>a token secret, only for the {@code manage} action on an instance it covers with role {@code operator}:
 *       {@code POST …/instances/{id}/start}, {@code POST …/instances/{id}/stop}, {@code DELETE …/instances/{id}}
 *       (the second seed's operator token). A read-only token gets 403 there, and any token 401 elsewhere.</li>
 * </ul>
 * The actor ({@code admin:<name>} or {@code token:<id>}) is left as a request attribute for the audit trail; the
 * log names the client address, never what was presented.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class AdminKeyFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AdminKeyFilter.class);
    private static final String REALM = "Bearer realm=\"token-authority-admin\"";
    private static final Pattern INSTANCE_CALL =
            Pattern.compile("/v1alpha/projects/([^/]+)/regions/([^/]+)/instances/([^/]+)(/start|/stop)?");

    private final AdminKeys adminKeys;
    private final TokenVerifier tokens;
    private final FailedVerificationLimiter limiter;

    AdminKeyFilter(AdminKeys adminKeys, TokenVerifier tokens, FailedVerificationLimiter limiter) {
        this.adminKeys = adminKeys;
        this.tokens = tokens;
        this.limiter = limiter;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = GatewayAccessFilter.routedPath(request);
        return !path.startsWith("/v1alpha/") || GatewayAccessFilter.isGatewayPath(path);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        String presented = BearerCredentials.of(authorization);
        Optional<String> admin = adminKeys.principalOf(presented);
        if (admin.isPresent()) {
            request.setAttribute(AuditMetadata.ACTOR_ATTRIBUTE, "admin:" + admin.get());
            chain.doFilter(request, response);
            return;
        }
        // Wrong keys and tokens count against the caller's address, as on the verify endpoint: the operator-token
        // path would otherwise be a way to test guessed secrets at speed. A valid admin key is never limited.
        String client = ClientAddress.of(request);
        if (presented != null) {
            Duration retryAfter = limiter.retryAfter(client);
            if (!retryAfter.isZero()) {
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.toSeconds()));
                Problems.write(response, 429, "Too Many Requests",
                        "too many failed attempts from this address; try again after Retry-After seconds");
                return;
            }
        }
        Matcher manage = INSTANCE_CALL.matcher(GatewayAccessFilter.routedPath(request));
        if (presented != null && presented.startsWith(TokenSecrets.PREFIX) && manage.matches()
                && isManageCall(request.getMethod(), manage.group(4))) {
            Verdict verdict = tokens.verify(presented, manage.group(1), manage.group(2), manage.group(3), Action.MANAGE);
            if (verdict.outcome() == Verdict.Outcome.INVALID_TOKEN) {
                limiter.recordFailure(client);
            }
            if (verdict.outcome() == Verdict.Outcome.ALLOWED) {
                request.setAttribute(AuditMetadata.ACTOR_ATTRIBUTE, "token:" + verdict.tokenId());
                chain.doFilter(request, response);
                return;
            }
            log.info("manage call refused: {} {} from {} ({} token={})", request.getMethod(), request.getRequestURI(),
                    request.getRemoteAddr(), verdict.reason(), verdict.tokenId());
            if (verdict.outcome() == Verdict.Outcome.INSUFFICIENT_SCOPE) {
                response.setHeader(HttpHeaders.WWW_AUTHENTICATE, REALM + ", error=\"insufficient_scope\"");
                Problems.write(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden",
                        "this token may not manage this instance");
                return;
            }
        } else {
            log.info("admin call refused: {} {} from {} ({})", request.getMethod(), request.getRequestURI(),
                    request.getRemoteAddr(), presented == null ? "no bearer credentials" : "wrong key");
            if (presented != null) {
                limiter.recordFailure(client);
            }
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, presented == null ? REALM : REALM + ", error=\"invalid_token\"");
        Problems.write(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized",
                "this call needs Authorization: Bearer <admin key>, or an operator token for start, stop and delete");
    }

    private static boolean isManageCall(String method, String suffix) {
        return suffix == null ? "DELETE".equals(method) : "POST".equals(method);
    }
}
