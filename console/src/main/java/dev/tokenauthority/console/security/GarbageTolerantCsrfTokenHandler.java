package dev.tokenauthority.console.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.function.Supplier;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;

/**
 * Spring Security's default CSRF handling (masked tokens, a new mask per page, BREACH-safe), except that a forged
 * token which decodes to bytes that are not UTF-8 is refused like any other wrong token (403) instead of failing
 * the request (500): the stock handler lets {@code Utf8.decode}'s exception through. Found by {@code ConsoleIT}.
 */
final class GarbageTolerantCsrfTokenHandler implements CsrfTokenRequestHandler {

    private final XorCsrfTokenRequestAttributeHandler masked = new XorCsrfTokenRequestAttributeHandler();

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> token) {
        masked.handle(request, response, token);
    }

    @Override
    public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
        try {
            return masked.resolveCsrfTokenValue(request, token);
        } catch (IllegalArgumentException garbage) {
            return null; // no valid token presented: the CSRF filter answers 403
        }
    }
}
