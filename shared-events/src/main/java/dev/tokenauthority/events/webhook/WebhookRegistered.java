package dev.tokenauthority.events.webhook;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A project's owner registered a webhook: the project's token events that are sent to webhooks (today its tokens'
 * expiry warnings) are posted to {@code url}, signed with the webhook's secret, which no event holds (it is derived
 * from the service's key and the webhook's id: {@link dev.tokenauthority.events.secret.WebhookSecrets}).
 */
@Revision("1")
public record WebhookRegistered(String webhookId, String projectId, String url, String description,
                                Instant registeredAt) {
}
