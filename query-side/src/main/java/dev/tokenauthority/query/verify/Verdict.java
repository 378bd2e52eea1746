package dev.tokenauthority.query.verify;

/**
 * The answer to "does this bearer secret open this instance?", with the reason, which only the log sees.
 *
 * @param tokenId the token the secret belongs to, when it belongs to one
 */
public record Verdict(Outcome outcome, Reason reason, String tokenId) {

    public enum Outcome { ALLOWED, INVALID_TOKEN, INSUFFICIENT_SCOPE }

    public enum Reason { VALID, MISSING, MALFORMED, UNKNOWN_OR_REVOKED, EXPIRED, OTHER_INSTANCE }

    static Verdict allowed(String tokenId) {
        return new Verdict(Outcome.ALLOWED, Reason.VALID, tokenId);
    }

    static Verdict invalid(Reason reason, String tokenId) {
        return new Verdict(Outcome.INVALID_TOKEN, reason, tokenId);
    }

    static Verdict otherInstance(String tokenId) {
        return new Verdict(Outcome.INSUFFICIENT_SCOPE, Reason.OTHER_INSTANCE, tokenId);
    }
}
