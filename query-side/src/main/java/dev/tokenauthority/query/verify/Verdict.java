package dev.tokenauthority.query.verify;

import dev.tokenauthority.events.access.Role;

/**
 * The answer to "does this bearer secret allow this action on this instance?", with the reason, which only the
 * log sees.
 *
 * @param tokenId the token the secret belongs to, when it belongs to one
 * @param role    the token's role, when it belongs to one
 */
public record Verdict(Outcome outcome, Reason reason, String tokenId, Role role) {

    public enum Outcome { ALLOWED, INVALID_TOKEN, INSUFFICIENT_SCOPE }

    public enum Reason {
        VALID,
        MISSING,
        MALFORMED,
        UNKNOWN_OR_REVOKED,
        /**
         * A secret a live token had before a regeneration: refused exactly as an unknown one (the caller learns
         * nothing), but a sign that the old secret leaked, recorded as a signal on the token.
         */
        SUPERSEDED,
        EXPIRED,
        /** An instance token whose instance was deleted: it opens nothing any more. */
        INSTANCE_DELETED,
        /** Valid, but its scope does not cover this instance (another instance, region, or labels). */
        NOT_COVERED,
        /** Covers the instance, but its role does not allow the action. */
        ROLE_NOT_ALLOWED,
        /**
         * A valid secret presented from a client address outside its token's allowed networks: refused whatever it
         * covers, and a signal on the token.
         */
        ADDRESS_NOT_ALLOWED
    }

    static Verdict allowed(String tokenId, Role role) {
        return new Verdict(Outcome.ALLOWED, Reason.VALID, tokenId, role);
    }

    static Verdict invalid(Reason reason, String tokenId) {
        return new Verdict(Outcome.INVALID_TOKEN, reason, tokenId, null);
    }

    static Verdict insufficient(Reason reason, String tokenId, Role role) {
        return new Verdict(Outcome.INSUFFICIENT_SCOPE, reason, tokenId, role);
    }
}
