package dev.tokenauthority.edge.limit;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The address a request is on behalf of: the one a trusted gateway vouches for, when the gateway access filter
 * accepted the gateway's credential and left it as a request attribute, else the TCP peer's. A header alone is
 * never believed: anyone could rotate it to escape the failed-verification limit.
 */
public final class ClientAddress {

    /** The request attribute under which the gateway access filter leaves the vouched-for address. */
    public static final String ATTRIBUTE = ClientAddress.class.getName();

    private ClientAddress() {
    }

    public static String of(HttpServletRequest request) {
        Object vouched = request.getAttribute(ATTRIBUTE);
        return vouched instanceof String address ? address : request.getRemoteAddr();
    }

    /**
     * The gateway the request came through: its own (TCP peer) address when it vouched for a client address,
     * else {@code null} (a direct call, or a gateway that named no client).
     */
    public static String gatewayOf(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof String ? request.getRemoteAddr() : null;
    }
}
