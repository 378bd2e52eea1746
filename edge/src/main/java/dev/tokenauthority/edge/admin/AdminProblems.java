package dev.tokenauthority.edge.admin;

import dev.tokenauthority.edge.problem.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

/**
 * The admin API's refusals, as RFC 9457 problems with RFC 6750 challenges: 401 without or with wrong credentials,
 * 429 for an address out of attempts, 403 for a caller whose role or project does not allow the call.
 */
@Component
class AdminProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    static final String REALM = "Bearer realm=\"token-authority-admin\"";

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (e instanceof TooManyFailedAttempts tooMany) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, tooMany.retryAfter().toSeconds())));
            Problems.write(response, 429, "Too Many Requests",
                    "too many failed attempts from this address; try again after Retry-After seconds");
            return;
        }
        boolean presented = !(e instanceof InsufficientAuthenticationException);
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, presented ? REALM + ", error=\"invalid_token\"" : REALM);
        Problems.write(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized",
                "this call needs Authorization: Bearer <admin key, service-account key or identity-provider token>,"
                        + " or an operator token for start, stop and delete");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, REALM + ", error=\"insufficient_scope\"");
        Problems.write(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden",
                "these credentials do not allow this call in this project");
    }
}
