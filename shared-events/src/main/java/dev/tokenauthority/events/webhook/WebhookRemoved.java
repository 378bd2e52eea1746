package dev.tokenauthority.events.webhook;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The webhook gets nothing from now on; deliveries already due are given up. */
@Revision("1")
public record WebhookRemoved(String webhookId, String projectId, Instant removedAt) {
}
