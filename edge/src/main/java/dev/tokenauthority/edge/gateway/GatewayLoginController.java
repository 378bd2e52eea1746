package dev.tokenauthority.edge.gateway;

import dev.tokenauthority.edge.limit.ClientAddress;
import dev.tokenauthority.edge.verify.BearerCheck;
import dev.tokenauthority.events.access.Action;
import dev.tokenauthority.events.secret.SecretHasher;
import dev.tokenauthority.query.verify.Verdict;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The login page's form post and the logout link, which the gateway serves at {@code /_token_authority/login}
 * and {@code /_token_authority/logout} on every protected host.
 *
 * <p>Login exchanges a token for a session cookie: the form's signed {@code state} names the app and the path
 * to return to ({@link LoginForm}); a token that opens that app opens a new session, bound to the token's
 * secret of this moment, and the browser is sent back with 303. A wrong token counts as a failed verification
 * of the client's address, like a wrong bearer secret.
 */
@RestController
class GatewayLoginController {

    private static final Logger log = LoggerFactory.getLogger(GatewayLoginController.class);

    private final LoginForm loginForm;
    private final BearerCheck check;
    private final SecretHasher hasher;
    private final GatewaySessions sessions;

    GatewayLoginController(LoginForm loginForm, BearerCheck check, SecretHasher hasher, GatewaySessions sessions) {
        this.loginForm = loginForm;
        this.check = check;
        this.hasher = hasher;
        this.sessions = sessions;
    }

    @PostMapping(path = "/v1alpha/gateway/login", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<String> login(HttpServletRequest request,
                                 @RequestParam(name = "token", required = false) String token,
                                 @RequestParam(name = "state", required = false) String state) {
        if (GatewayResponses.isCrossOrigin(request)) {
            return GatewayResponses.html(HttpStatus.FORBIDDEN).body(GatewayPages.notice("Login refused",
                    "This login form was sent from another site."));
        }
        if (request.getQueryString() != null) {
            // A token in the URL would end up in access logs and histories: only the form body is read.
            return GatewayResponses.html(HttpStatus.BAD_REQUEST).body(GatewayPages.notice("Login refused",
                    "The login form must be posted as it is, without anything in the URL."));
        }
        String nonce = GatewayResponses.cookie(request, GatewayContract.LOGIN_COOKIE);
        Optional<LoginForm.Target> target = loginForm.verify(state, nonce);
        if (target.isEmpty()) {
            return GatewayResponses.html(HttpStatus.BAD_REQUEST).body(GatewayPages.notice("Login form expired",
                    "This login form has expired or was not ours. Go back to the app and log in again."));
        }
        LoginForm.Target app = target.get();
        String secret = token == null ? "" : token.strip();
        BearerCheck.Outcome outcome = check.check("gateway login", secret, request, app.projectId(), app.regionId(),
                app.instanceId(), Action.QUERY);
        if (outcome instanceof BearerCheck.NotServing) {
            // Not caught up yet, or cut off from the rest of the cluster: this node cannot tell a revoked token.
            return GatewayResponses.html(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                    .body(GatewayPages.notice("Try again", "The login service is not ready. Go back and try again in a moment."));
        }
        if (outcome instanceof BearerCheck.RateLimited limited) {
            return GatewayResponses.html(HttpStatus.TOO_MANY_REQUESTS)
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(limited.retryAfter().toSeconds()))
                    .body(GatewayPages.notice("Too many attempts", "Too many failed logins from your address. Try again in "
                            + limited.retryAfter().toSeconds() + " seconds."));
        }
        Verdict verdict = ((BearerCheck.Decided) outcome).verdict();
        switch (verdict.outcome()) {
            case INVALID_TOKEN -> {
                return again(app, state, HttpStatus.UNAUTHORIZED,
                        secret.isEmpty() ? "Enter an access token." : "That token is not valid.");
            }
            case INSUFFICIENT_SCOPE -> {
                return again(app, state, HttpStatus.FORBIDDEN, "That token does not grant access to this app.");
            }
            case ALLOWED -> {
                // A new session at every login (no fixation); the one the browser had, if any, ends here.
                String previous = GatewayResponses.cookie(request, GatewayContract.SESSION_COOKIE);
                if (previous != null) {
                    sessions.end(previous);
                }
                GatewaySessions.Opened opened = sessions.open(verdict.tokenId(), hasher.hashBytes(secret));
                log.info("gateway login: token={} instance={} from {}", verdict.tokenId(), app.instanceId(),
                        ClientAddress.of(request));
                return ResponseEntity.status(HttpStatus.SEE_OTHER)
                        .header(HttpHeaders.LOCATION, app.returnPath())
                        .header(HttpHeaders.CACHE_CONTROL, "no-store")
                        .header(HttpHeaders.SET_COOKIE,
                                GatewayResponses.sessionCookie(request, opened.cookieValue(), opened.maxAge()))
                        .header(HttpHeaders.SET_COOKIE, GatewayResponses.loginCookie(request, "", Duration.ZERO))
                        .build();
            }
            default -> throw new IllegalStateException("every outcome is answered above");
        }
    }

    /**
     * Ends the browser's session. A link can do it, but not one on another site or host: such a request (Fetch
     * Metadata) changes nothing.
     */
    @GetMapping("/v1alpha/gateway/logout")
    ResponseEntity<String> logout(HttpServletRequest request) {
        if (GatewayResponses.isCrossOrigin(request)) {
            return GatewayResponses.html(HttpStatus.FORBIDDEN).body(GatewayPages.notice("Logout refused",
                    "A page of another site tried to log you out. Use the app's own logout link."));
        }
        String session = GatewayResponses.cookie(request, GatewayContract.SESSION_COOKIE);
        if (session != null) {
            sessions.end(session);
        }
        return GatewayResponses.html(HttpStatus.OK)
                .header(HttpHeaders.SET_COOKIE, GatewayResponses.sessionCookie(request, "", Duration.ZERO))
                .body(GatewayPages.notice("Logged out", "You are logged out. Your token stays valid; only this "
                        + "browser's session has ended."));
    }

    private ResponseEntity<String> again(LoginForm.Target app, String state, HttpStatus status, String message) {
        return GatewayResponses.html(status).body(GatewayPages.login(app.instanceId(), state, message));
    }
}
