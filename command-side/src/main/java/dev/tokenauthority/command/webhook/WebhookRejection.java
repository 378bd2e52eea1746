package dev.tokenauthority.command.webhook;

import dev.tokenauthority.command.naming.DisplayNames;

/** Why a webhook call was refused: the detail of its {@code CommandExecutionException}. */
public enum WebhookRejection {
    /** No such webhook in the project the call named, or it was removed. */
    WEBHOOK_NOT_FOUND("no such webhook in this project"),
    INVALID_URL("url must be an absolute http or https URL of at most " + WebhookUrls.MAX_LENGTH
            + " characters, with a host and without user information or fragment"),
    INVALID_DESCRIPTION("description must be at most " + DisplayNames.MAX_DESCRIPTION_LENGTH
            + " characters without control characters");

    private final String description;

    WebhookRejection(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
