package dev.tokenauthority.command.webhook;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The webhook gets nothing from now on. */
public record RemoveWebhook(@TargetAggregateIdentifier String webhookId, String projectId) {
}
