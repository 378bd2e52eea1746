package dev.tokenauthority.command.serviceaccount;

import dev.tokenauthority.command.naming.DisplayNames;

/**
 * Why the service-account aggregate refused a command, with a description fit for a client; mapped to an HTTP
 * status once, in the web layer.
 */
public enum ServiceAccountRejection {
    /** No such account in the project the call named, or it was deleted. */
    SERVICE_ACCOUNT_NOT_FOUND("no such service account in this project"),
    /** Its lifetime is over: it can only be deleted. */
    SERVICE_ACCOUNT_EXPIRED("the service account has expired; it can only be deleted"),
    INVALID_NAME("name must be 1-63 characters of letters, digits, space, '_' or '-'"),
    INVALID_DESCRIPTION("description must be at most " + DisplayNames.MAX_DESCRIPTION_LENGTH
            + " characters without control characters"),
    INVALID_ROLE("role must be viewer, editor or owner"),
    INVALID_LIFETIME("the lifetime must be at least one second");

    private final String description;

    ServiceAccountRejection(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
