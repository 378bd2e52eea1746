package dev.tokenauthority.command.webhook;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Posts the project's webhook events to {@code url} from now on. */
public record RegisterWebhook(@TargetAggregateIdentifier String webhookId, String projectId, String url,
                              String description) {
}
