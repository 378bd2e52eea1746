package dev.tokenauthority.edge.gateway;

import java.util.Arrays;

/**
 * Why the gateway's authorization said no, as the {@value #HEADER} header tells the gateway, which hands it
 * back when it asks for the page or problem to show ({@code GET /v1alpha/gateway/denied}).
 */
enum Denial {
    /** No credentials at all: a browser gets the login page, an API client a bare challenge. */
    MISSING("missing"),
    /** A bearer secret that is malformed, unknown, superseded, revoked, expired or of a deleted instance. */
    INVALID_TOKEN("invalid_token"),
    /** A session cookie whose session was ended, or whose token's secret changed, was revoked or expired. */
    SESSION_ENDED("session_ended"),
    /** Valid credentials that do not open this app (another instance or region, labels, role). */
    INSUFFICIENT_SCOPE("insufficient_scope"),
    /** Too many failed verifications from the client's address. */
    RATE_LIMITED("rate_limited");

    static final String HEADER = "X-Token-Authority-Denial";

    private final String value;

    Denial(String value) {
        this.value = value;
    }

    String value() {
        return value;
    }

    /** The denial a gateway hands back; an absent or unknown value counts as {@link #MISSING}. */
    static Denial of(String value) {
        return Arrays.stream(values()).filter(d -> d.value.equals(value)).findFirst().orElse(MISSING);
    }
}
