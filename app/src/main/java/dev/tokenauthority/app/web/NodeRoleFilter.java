package dev.tokenauthority.app.web;

import dev.tokenauthority.edge.problem.Problems;

import dev.tokenauthority.app.cluster.NodeRole;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A verify node ({@code token-authority.node.role=verify}) serves verify, the gateway and the read endpoints, and
 * refuses every change (405, with the methods it does serve): changes go to the full nodes, which a load balancer
 * routes the admin API to.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 15)
class NodeRoleFilter extends OncePerRequestFilter {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private final NodeRole role;

    NodeRoleFilter(@Value("${token-authority.node.role:full}") String role) {
        this.role = NodeRole.of(role);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return role == NodeRole.FULL || READS.contains(request.getMethod())
                || !(path.startsWith("/v1alpha/projects/") || path.equals("/v1alpha/replay")
                || path.equals(dev.tokenauthority.edge.routing.EdgeRoutes.LEAK_REPORTS));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Allow", "GET, HEAD");
        Problems.write(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "Method Not Allowed",
                "this is a verify node (token-authority.node.role=verify): it serves verify, the gateway and reads; "
                        + "send changes to a full node");
    }
}
