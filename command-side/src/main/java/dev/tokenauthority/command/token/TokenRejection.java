package dev.tokenauthority.command.token;

import dev.tokenauthority.events.access.AllowedNetworks;
import dev.tokenauthority.events.access.Labels;

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
    INVALID_LABELS(Labels.RULES),
    INVALID_SELECTOR("a selector token needs a selector of 1 to " + Labels.MAX_LABELS + " label pairs; " + Labels.RULES),
    INVALID_ROLE("role must be read-only or operator"),
    /** The allowed networks do not parse; the rejection's message says which entry and why. */
    INVALID_ALLOWED_NETWORKS(AllowedNetworks.RULES),
    /** An instance token for an instance that is not registered in that project and region. */
    INSTANCE_NOT_FOUND("no such instance in this project and region");

    private final String description;

    TokenRejection(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
