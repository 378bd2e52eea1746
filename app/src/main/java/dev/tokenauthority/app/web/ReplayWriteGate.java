package dev.tokenauthority.app.web;

import dev.tokenauthority.edge.problem.Problems;

import dev.tokenauthority.query.replay.ReadModelReplay;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Closes the write API while a replay rebuilds the read models (503, {@code Retry-After}): until the rebuilt
 * models are switched in, a change would reach only them, and a regenerate could answer while the old secret
 * still opened. A write in flight when a replay is asked for finishes first.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class ReplayWriteGate extends OncePerRequestFilter {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private final ReadModelReplay replay;

    ReplayWriteGate(ReadModelReplay replay) {
        this.replay = replay;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return READS.contains(request.getMethod()) || !path.startsWith("/v1alpha/projects/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!replay.tryEnterWrite()) {
            response.setHeader("Retry-After", "5");
            Problems.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Service Unavailable",
                    "the read models are being rebuilt; changes are accepted again when the replay is done");
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            replay.exitWrite();
        }
    }
}
