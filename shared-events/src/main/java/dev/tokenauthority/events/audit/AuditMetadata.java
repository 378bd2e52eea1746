package dev.tokenauthority.events.audit;

/**
 * The metadata every event carries about who caused it and how: set on the command by a dispatch interceptor,
 * copied onto its events by Axon's correlation data. Never a secret.
 */
public final class AuditMetadata {

    /** Who: {@code admin:<name>} for an admin key, {@code token:<id>} for an operator token, {@value #SYSTEM}. */
    public static final String ACTOR = "actor";
    /** From where: the client's address as the service saw it. */
    public static final String CLIENT_ADDRESS = "clientAddress";
    /** Which call: the request id, the caller's {@code X-Request-Id} when well-formed, else one of ours. */
    public static final String REQUEST_ID = "requestId";
    /** The actor of what the service does by itself, such as expiring a token at its {@code validUntil}. */
    public static final String SYSTEM = "system";

    /** The request attribute under which the web edge leaves the authenticated actor. */
    public static final String ACTOR_ATTRIBUTE = "token-authority.actor";
    /** The request attribute under which the web edge leaves the request id. */
    public static final String REQUEST_ID_ATTRIBUTE = "token-authority.request-id";

    private AuditMetadata() {
    }
}
