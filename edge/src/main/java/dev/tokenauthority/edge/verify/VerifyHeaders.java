package dev.tokenauthority.edge.verify;

/** The header names of the verification contract between this service and a gateway. */
public final class VerifyHeaders {

    /** Answer of an allowed verification: the token's id, for the app behind the gateway. */
    public static final String TOKEN_ID = "X-Token-Authority-Token-Id";
    /** Answer of an allowed verification: the token's role ({@code read-only} or {@code operator}). */
    public static final String ROLE = "X-Token-Authority-Role";
    /** Question: the resource, when not given as query parameters. */
    public static final String PROJECT_ID = "X-Token-Authority-Project-Id";
    public static final String REGION_ID = "X-Token-Authority-Region-Id";
    public static final String INSTANCE_ID = "X-Token-Authority-Instance-Id";
    /** Question: {@code query} (the default) or {@code manage}. */
    public static final String ACTION = "X-Token-Authority-Action";
    /** The realm of our {@code WWW-Authenticate} challenges (RFC 6750 §3). */
    public static final String REALM = "Bearer realm=\"token-authority\"";

    private VerifyHeaders() {
    }
}
