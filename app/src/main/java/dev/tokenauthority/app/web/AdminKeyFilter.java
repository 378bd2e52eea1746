package dev.tokenauthority.app.web;

import dev.tokenauthority.app.config.AdminKey;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every admin call ({@code /v1alpha/…} but the gateway's verify endpoint) needs {@code Authorization: Bearer
 * <admin key>}. Anything else gets 401 before a controller runs; the log names the client address, never
 * what was presented.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class AdminKeyFilter extends OncePerRequestFilter {

    static final String PRINCIPAL_ATTRIBUTE = "token-authority.admin-principal";
    private static final Logger log = LoggerFactory.getLogger(AdminKeyFilter.class);
    private static final String BEARER = "Bearer ";

    private final AdminKey adminKey;

    AdminKeyFilter(AdminKey adminKey) {
        this.adminKey = adminKey;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !path.startsWith("/v1alpha/") || path.equals("/v1alpha/verify");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        String presented = authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).strip() : null;
        if (!adminKey.matches(presented)) {
            log.info("admin call refused: {} {} from {} ({})", request.getMethod(), request.getRequestURI(),
                    request.getRemoteAddr(), presented == null ? "no bearer credentials" : "wrong key");
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, presented == null
                    ? "Bearer realm=\"token-authority-admin\""
                    : "Bearer realm=\"token-authority-admin\", error=\"invalid_token\"");
            Problems.write(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized",
                    "this call needs Authorization: Bearer <admin key>");
            return;
        }
        request.setAttribute(PRINCIPAL_ATTRIBUTE, adminKey.principal());
        chain.doFilter(request, response);
    }
}
