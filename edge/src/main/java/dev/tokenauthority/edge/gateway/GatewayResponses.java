package dev.tokenauthority.edge.gateway;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;

/** The pieces every gateway answer is made of: HTML pages with their security headers, cookies (problems: {@code Problems}). */
final class GatewayResponses {

    private GatewayResponses() {
    }

    /** An HTML page: never cached, never framed, no script, no referrer. */
    static ResponseEntity.BodyBuilder html(HttpStatus status) {
        return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noStore())
                .header("Content-Security-Policy", GatewayPages.CONTENT_SECURITY_POLICY)
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer");
    }

    /** Whether the request comes from a browser navigating to a page (and so wants a page, not a problem). */
    static boolean wantsHtml(HttpServletRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.contains("text/html");
    }

    static boolean overTls(HttpServletRequest request) {
        return "https".equalsIgnoreCase(request.getHeader(GatewayContract.FORWARDED_PROTO_HEADER));
    }

    static String cookie(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (cookie.getName().equals(name) && !cookie.getValue().isBlank()) {
                return cookie.getValue();
            }
        }
        return null;
    }

    static String sessionCookie(HttpServletRequest request, String value, Duration maxAge) {
        return ResponseCookie.from(GatewayContract.SESSION_COOKIE, value).path("/").httpOnly(true)
                .secure(overTls(request)).sameSite("Lax").maxAge(maxAge).build().toString();
    }

    static String loginCookie(HttpServletRequest request, String nonce, Duration maxAge) {
        return ResponseCookie.from(GatewayContract.LOGIN_COOKIE, nonce).path(GatewayContract.PUBLIC_PREFIX)
                .httpOnly(true).secure(overTls(request)).sameSite("Strict").maxAge(maxAge).build().toString();
    }

    /**
     * Whether a state-changing browser request comes from anywhere but this origin: the Fetch Metadata header
     * where the browser sends it ({@code same-origin}, or {@code none} for a typed URL, pass; {@code same-site}
     * does not: a sibling host may be somebody else's app), else the Origin header against the host the
     * gateway was asked for.
     */
    static boolean isCrossOrigin(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null) {
            return !(site.equals("same-origin") || site.equals("none"));
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null) {
            return false;
        }
        String host = request.getHeader(HttpHeaders.HOST);
        return host == null || !(origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host));
    }
}
