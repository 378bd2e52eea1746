package dev.tokenauthority.command.token;

/**
 * Why the token aggregate refused a command, with a description fit for a client. Carried as the details of a
 * {@code CommandExecutionException} and mapped to an HTTP status once, in the web layer.
 */
public enum TokenRejection {
    /** The token exists, but not under the instance the call named. */
    TOKEN_NOT_FOUND("no such token under this instance"),
    /** The token was revoked: it is gone for every purpose but the audit trail. */
    TOKEN_REVOKED("the token was revoked"),
    /** The token's lifetime is over; it can still be revoked, nothing else. */
    TOKEN_EXPIRED("the token has expired; it can only be deleted"),
    INVALID_NAME("name must be 1-63 characters of letters, digits, space, '_' or '-'"),
    INVALID_DESCRIPTION("description must be at most " + TokenRules.MAX_DESCRIPTION_LENGTH
            + " characters without control characters"),
    INVALID_LIFETIME("the lifetime must be at least one second"),
    INVALID_LABELS("at most " + TokenRules.MAX_LABELS + " labels; keys 1-63 characters of a-z, 0-9, '-', '_', '.', '/'"
            + " and values 1-63 characters of A-Z, a-z, 0-9, '-', '_', '.', each starting and ending alphanumeric");

    private final String description;

    TokenRejection(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
