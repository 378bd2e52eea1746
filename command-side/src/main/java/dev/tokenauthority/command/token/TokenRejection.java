package dev.tokenauthority.command.token;

/**
 * Why the token aggregate refused a command. Carried as the details of a {@code CommandExecutionException} and
 * mapped to an HTTP status once, in the web layer.
 */
public enum TokenRejection {
    /** The token exists, but not under the instance the call named. */
    TOKEN_NOT_FOUND,
    /** The token was revoked: it is gone for every purpose but the audit trail. */
    TOKEN_REVOKED,
    /** The token's lifetime is over; it can still be revoked, nothing else. */
    TOKEN_EXPIRED,
    INVALID_NAME,
    INVALID_DESCRIPTION,
    INVALID_LIFETIME,
    INVALID_LABELS
}
