package dev.tokenauthority.edge.routing;

import jakarta.servlet.http.HttpServletRequest;

/** Which part of the service a request is for, decided on the path as Spring MVC routes it. */
public final class EdgeRoutes {

    private EdgeRoutes() {
    }

    /** The path as Spring MVC routes it: decoded and normalized by the container (so {@code %76erify} is verify). */
    public static String routedPath(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        return pathInfo == null ? request.getServletPath() : request.getServletPath() + pathInfo;
    }

    /** The endpoints for gateways: verify, the gateway's auth, login and denial pages. */
    public static boolean isGatewayPath(String path) {
        return path.equals("/v1alpha/verify") || path.startsWith("/v1alpha/gateway/");
    }

    /** The metrics for Prometheus: for the cluster administrator, like the admin API's cluster-wide calls. */
    public static final String METRICS = "/actuator/prometheus";

    /**
     * Leaked-token reports from secret scanners: no admin credential, each report is signed by its sender and
     * checked by its controller against the configured public keys.
     */
    public static final String LEAK_REPORTS = "/v1alpha/leak-reports";

    /** The admin API (everything under {@code /v1alpha/} but the gateway endpoints and leak reports) and the metrics. */
    public static boolean isAdminCall(HttpServletRequest request) {
        String path = routedPath(request);
        return path.startsWith("/v1alpha/") && !isGatewayPath(path) && !path.equals(LEAK_REPORTS) || path.equals(METRICS);
    }
}
