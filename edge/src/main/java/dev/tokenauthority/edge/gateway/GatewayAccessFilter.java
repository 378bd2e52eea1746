package dev.tokenauthority.edge.gateway;

import dev.tokenauthority.edge.limit.ClientAddress;
import dev.tokenauthority.edge.log.ThrottledWarning;
import dev.tokenauthority.edge.problem.Problems;
import dev.tokenauthority.edge.routing.EdgeRoutes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps the gateway endpoints ({@code /v1alpha/verify}, {@code /v1alpha/gateway/…}) for gateways:
 * <ul>
 *   <li>with a gateway listener configured ({@link GatewayListener}), they answer only there, and the listener
 *       answers nothing else (404), so the public port cannot be used to test guessed secrets and the gateway
 *       port cannot reach the admin API;</li>
 *   <li>with a gateway key configured, a request must carry it in {@value #KEY_HEADER} (compared in constant
 *       time); the client address the gateway names in {@value #CLIENT_ADDRESS_HEADER} is then the one the
 *       failed-verification limit counts against. Without a key, that header is ignored.</li>
 * </ul>
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class GatewayAccessFilter extends OncePerRequestFilter {

    static final String KEY_HEADER = "X-Token-Authority-Gateway-Key";
    static final String CLIENT_ADDRESS_HEADER = "X-Token-Authority-Client-Address";
    private static final Pattern IP_ADDRESS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Logger log = LoggerFactory.getLogger(GatewayAccessFilter.class);

    private final GatewayListener listener;
    private final byte[] keyDigest;
    private final ThrottledWarning refusals;

    GatewayAccessFilter(GatewayListener listener, GatewayKey key, Clock clock) {
        this.listener = listener;
        this.refusals = new ThrottledWarning(log, clock, Duration.ofSeconds(1)); // anyone can send these
        this.keyDigest = key.value() == null ? null : digest(key.value());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean gatewayPath = EdgeRoutes.isGatewayPath(EdgeRoutes.routedPath(request));
        if (listener.isConfigured() && gatewayPath != (request.getLocalPort() == listener.port())) {
            Problems.write(response, HttpServletResponse.SC_NOT_FOUND, "Not Found", "no such resource on this listener");
            return;
        }
        if (gatewayPath && keyDigest != null) {
            String presented = request.getHeader(KEY_HEADER);
            // Digests of equal length, compared in constant time: neither the key nor its length leaks.
            if (presented == null || !MessageDigest.isEqual(keyDigest, digest(presented))) {
                refusals.warn("gateway call refused: {} {} from {} ({})", request.getMethod(), request.getRequestURI(),
                        request.getRemoteAddr(), presented == null ? "no gateway key" : "wrong gateway key");
                response.setHeader("WWW-Authenticate", "Gateway-Key realm=\"token-authority-gateway\"");
                Problems.write(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized",
                        "this endpoint is for gateways: send the gateway key in " + KEY_HEADER);
                return;
            }
            String client = request.getHeader(CLIENT_ADDRESS_HEADER);
            if (client != null && IP_ADDRESS.matcher(client).matches()) {
                request.setAttribute(ClientAddress.ATTRIBUTE, client);
            }
        }
        chain.doFilter(request, response);
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
