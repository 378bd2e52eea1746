package dev.tokenauthority.edge.gateway;

import dev.tokenauthority.edge.limit.ClientAddress;
import dev.tokenauthority.edge.log.ThrottledWarning;
import dev.tokenauthority.edge.problem.Problems;
import dev.tokenauthority.edge.signal.DisallowedAddressSignals;
import dev.tokenauthority.edge.verify.BearerCheck;
import dev.tokenauthority.edge.verify.BearerCredentials;
import dev.tokenauthority.edge.verify.TokenAcceptance;
import dev.tokenauthority.edge.verify.VerifyHeaders;
import dev.tokenauthority.events.access.Action;
import dev.tokenauthority.query.verify.TokenVerifier;
import dev.tokenauthority.query.usage.TokenUsage;
import dev.tokenauthority.query.verify.Verdict;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1alpha/gateway/auth}: the question of a gateway that, like nginx's {@code auth_request}, can pass
 * on only 2xx, 401 and 403 — "may this request reach the app?". The app comes in the headers
 * {@code X-Token-Authority-Project-Id}, {@code -Region-Id}, {@code -Instance-Id} (and {@code -Action}, default
 * {@code query}); the credentials are an {@code Authorization: Bearer} secret or, failing that, the login page's
 * session cookie.
 *
 * <p>Answers 204 with the token's id and role, or 401/403 with {@value Denial#HEADER} saying why
 * ({@link Denial}); the gateway hands that back to {@code GET /v1alpha/gateway/denied} for the page or problem
 * to show. A bearer request from an address over its failed-verification limit gets 401 {@code rate_limited},
 * which the gateway turns into 429 ({@code /v1alpha/verify}, which any HTTP client can read, says 429 itself);
 * session requests are not limited.
 */
@RestController
class GatewayAuthorizationController {

    private static final Logger log = LoggerFactory.getLogger(GatewayAuthorizationController.class);

    private final BearerCheck check;
    private final TokenVerifier verifier;
    private final GatewaySessions sessions;
    private final TokenAcceptance acceptance;
    private final TokenUsage usage;
    private final DisallowedAddressSignals addressSignals;
    private final ThrottledWarning misconfigured;

    GatewayAuthorizationController(BearerCheck check, TokenVerifier verifier, GatewaySessions sessions,
                                   TokenAcceptance acceptance, TokenUsage usage, DisallowedAddressSignals addressSignals,
                                   Clock clock) {
        this.check = check;
        this.verifier = verifier;
        this.sessions = sessions;
        this.acceptance = acceptance;
        this.usage = usage;
        this.addressSignals = addressSignals;
        // Without a gateway key anyone can send this; with one, a broken gateway sends it on every request.
        this.misconfigured = new ThrottledWarning(log, clock, Duration.ofSeconds(1));
    }

    @GetMapping("/v1alpha/gateway/auth")
    @ApiResponse(responseCode = "204", description = "allowed: the gateway passes the request on")
    @Parameter(name = VerifyHeaders.PROJECT_ID, in = ParameterIn.HEADER,
            schema = @Schema(type = "string"), required = true)
    @Parameter(name = VerifyHeaders.REGION_ID, in = ParameterIn.HEADER,
            schema = @Schema(type = "string"), required = true)
    @Parameter(name = VerifyHeaders.INSTANCE_ID, in = ParameterIn.HEADER,
            schema = @Schema(type = "string"), required = true)
    @Parameter(name = VerifyHeaders.ACTION, in = ParameterIn.HEADER,
            schema = @Schema(type = "string"), description = "query (the default) or manage")
    ResponseEntity<?> authorize(HttpServletRequest request) {
        String projectId = request.getHeader(VerifyHeaders.PROJECT_ID);
        String regionId = request.getHeader(VerifyHeaders.REGION_ID);
        String instanceId = request.getHeader(VerifyHeaders.INSTANCE_ID);
        String actionHeader = request.getHeader(VerifyHeaders.ACTION);
        Action action = actionHeader == null ? Action.QUERY : Action.fromValue(actionHeader);
        if (!LoginForm.isTarget(projectId, regionId, instanceId) || action == null) {
            misconfigured.warn("gateway misconfigured: the auth request names no well-formed project, region, instance"
                    + " and action");
            return Problems.response(HttpStatus.BAD_REQUEST).body(Problems.body(
                    HttpStatus.BAD_REQUEST, "the gateway must send " + VerifyHeaders.PROJECT_ID + ", "
                            + VerifyHeaders.REGION_ID + " and " + VerifyHeaders.INSTANCE_ID + " (and "
                            + VerifyHeaders.ACTION + " query or manage, if at all)"));
        }
        String secret = BearerCredentials.of(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (secret != null) {
            // Only guesses are limited: a session cookie is 256 random bits that nobody guesses, so a limited
            // address (perhaps a NAT shared with an attacker) keeps its logged-in browsers.
            BearerCheck.Outcome outcome = check.check("gateway auth", secret, request, projectId, regionId, instanceId,
                    action);
            if (outcome instanceof BearerCheck.NotServing) {
                return BearerCheck.NotServing.response();
            }
            if (outcome instanceof BearerCheck.RateLimited limited) {
                return denied(HttpStatus.UNAUTHORIZED, Denial.RATE_LIMITED)
                        .header(GatewayContract.RETRY_AFTER_HEADER, Long.toString(limited.retryAfter().toSeconds())).build();
            }
            return answer(((BearerCheck.Decided) outcome).verdict(), Denial.INVALID_TOKEN);
        }
        if (!acceptance.acceptsTokens()) {
            return BearerCheck.NotServing.response();
        }
        String sessionCookie = GatewayResponses.cookie(request, GatewayContract.SESSION_COOKIE);
        if (sessionCookie == null) {
            return denied(HttpStatus.UNAUTHORIZED, Denial.MISSING).build();
        }
        Optional<GatewaySessions.GatewaySession> session = sessions.find(sessionCookie);
        if (session.isEmpty()) {
            return denied(HttpStatus.UNAUTHORIZED, Denial.SESSION_ENDED).build();
        }
        String client = ClientAddress.of(request);
        Verdict verdict = verifier.verifyHash(session.get().secretHash(), client, projectId, regionId, instanceId, action);
        if (verdict.outcome() == Verdict.Outcome.ALLOWED) {
            usage.record(verdict.tokenId(), client); // a session's use is its token's use
        } else {
            if (verdict.reason() == Verdict.Reason.ADDRESS_NOT_ALLOWED) { // a session carried to another network
                addressSignals.record(verdict.tokenId(), client,
                        BearerCheck.way("gateway session", ClientAddress.gatewayOf(request)));
            }
            log.info("gateway auth denied: session {} token={} instance={}", verdict.reason(), verdict.tokenId(), instanceId);
        }
        return answer(verdict, Denial.SESSION_ENDED);
    }

    private static ResponseEntity<?> answer(Verdict verdict, Denial whenInvalid) {
        return switch (verdict.outcome()) {
            case ALLOWED -> ResponseEntity.noContent().cacheControl(CacheControl.noStore())
                    .header(VerifyHeaders.TOKEN_ID, verdict.tokenId())
                    .header(VerifyHeaders.ROLE, verdict.role().value()).build();
            case INVALID_TOKEN -> denied(HttpStatus.UNAUTHORIZED, whenInvalid).build();
            case INSUFFICIENT_SCOPE -> denied(HttpStatus.FORBIDDEN, Denial.INSUFFICIENT_SCOPE).build();
        };
    }

    private static ResponseEntity.HeadersBuilder<?> denied(HttpStatus status, Denial denial) {
        return ResponseEntity.status(status).cacheControl(CacheControl.noStore()).header(Denial.HEADER, denial.value());
    }
}
