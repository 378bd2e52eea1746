package dev.tokenauthority.edge.gateway;

import dev.tokenauthority.edge.problem.Problems;
import dev.tokenauthority.edge.verify.VerifyHeaders;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1alpha/gateway/denied}: what the caller sees when the gateway's authorization said no. The
 * gateway asks for it in place of its own error page, with the {@value Denial#HEADER} (and, for
 * {@code rate_limited}, {@value GatewayContract#RETRY_AFTER_HEADER}) it was given, the app's headers, the
 * caller's {@code Accept} and the URI the caller asked for. A browser gets the login page (429: a notice); any
 * other client an RFC 9457 problem with the RFC 6750 challenge: 401 {@code invalid_token} (no error attribute
 * when it sent no credentials), 403 {@code insufficient_scope}, or 429 with {@code Retry-After}.
 */
@RestController
class GatewayDenialController {

    private final LoginForm loginForm;

    GatewayDenialController(LoginForm loginForm) {
        this.loginForm = loginForm;
    }

    @GetMapping("/v1alpha/gateway/denied")
    ResponseEntity<?> denied(HttpServletRequest request) {
        Denial denial = Denial.of(request.getHeader(Denial.HEADER));
        boolean browser = GatewayResponses.wantsHtml(request);
        if (denial == Denial.RATE_LIMITED) {
            String retryAfter = retryAfter(request.getHeader(GatewayContract.RETRY_AFTER_HEADER));
            if (browser) {
                return GatewayResponses.html(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, retryAfter)
                        .body(GatewayPages.notice("Too many attempts", "Too many failed logins from your address. "
                                + "Try again in " + retryAfter + " seconds."));
            }
            return Problems.response(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, retryAfter)
                    .body(Problems.body(HttpStatus.TOO_MANY_REQUESTS,
                            "too many failed verifications from this address; try again after Retry-After seconds"));
        }
        HttpStatus status = denial == Denial.INSUFFICIENT_SCOPE ? HttpStatus.FORBIDDEN : HttpStatus.UNAUTHORIZED;
        if (browser) {
            return loginPage(request, status, switch (denial) {
                case MISSING -> null;
                case INVALID_TOKEN -> "The access token sent with this request is not valid.";
                case SESSION_ENDED -> "Your session has ended: the token was regenerated, revoked or has expired, "
                        + "or you logged out. Log in again.";
                case INSUFFICIENT_SCOPE -> "Your token does not grant access to this app. Log in with one that does.";
                case RATE_LIMITED -> throw new IllegalStateException("answered above");
            });
        }
        String challenge = switch (denial) {
            case MISSING, SESSION_ENDED -> VerifyHeaders.REALM;
            case INSUFFICIENT_SCOPE -> VerifyHeaders.REALM + ", error=\"insufficient_scope\"";
            default -> VerifyHeaders.REALM + ", error=\"invalid_token\"";
        };
        String detail = status == HttpStatus.FORBIDDEN ? "the access token does not grant access to this resource"
                : "the access token is missing or not valid";
        return Problems.response(status).header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .body(Problems.body(status, detail)); // no "instance": the URI the caller asked for may hold a secret
    }

    private ResponseEntity<String> loginPage(HttpServletRequest request, HttpStatus status, String message) {
        String projectId = request.getHeader(VerifyHeaders.PROJECT_ID);
        String regionId = request.getHeader(VerifyHeaders.REGION_ID);
        String instanceId = request.getHeader(VerifyHeaders.INSTANCE_ID);
        if (!LoginForm.isTarget(projectId, regionId, instanceId)) {
            // The request lacks what every gateway request carries: a bad request, not an error of ours (a 5xx would
            // page whoever runs this service for a caller's or a gateway's mistake).
            return GatewayResponses.html(HttpStatus.BAD_REQUEST).body(GatewayPages.notice("Gateway misconfigured",
                    "The gateway did not say which app this is. Tell its operator."));
        }
        String nonce = loginForm.newNonce();
        LoginForm.Target target = new LoginForm.Target(projectId, regionId, instanceId,
                LoginForm.safeReturnPath(request.getHeader(GatewayContract.ORIGINAL_URI_HEADER)));
        return GatewayResponses.html(status)
                .header(HttpHeaders.SET_COOKIE, GatewayResponses.loginCookie(request, nonce, LoginForm.MAX_AGE))
                .header(HttpHeaders.WWW_AUTHENTICATE, VerifyHeaders.REALM)
                .body(GatewayPages.login(instanceId, loginForm.state(target, nonce), message));
    }

    /** The gateway's figure if it is a plain number of seconds, else a minute. */
    private static String retryAfter(String given) {
        return given != null && given.matches("[1-9][0-9]{0,5}") ? given : "60";
    }
}
