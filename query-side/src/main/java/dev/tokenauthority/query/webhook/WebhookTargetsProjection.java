package dev.tokenauthority.query.webhook;

import dev.tokenauthority.events.webhook.WebhookRegistered;
import dev.tokenauthority.events.webhook.WebhookRemoved;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Keeps {@link WebhookTargets} in the transaction of the webhook's own events (a subscribing processor): a webhook's
 * delivery log answers the moment its registration did, and a removed webhook's pending deliveries are given up in
 * the removal's commit.
 */
@Component
@ProcessingGroup(WebhookTargetsProjection.PROCESSING_GROUP)
class WebhookTargetsProjection {

    static final String PROCESSING_GROUP = "webhook-targets";

    private final WebhookTargets targets;
    private final DeliveryLog deliveries;

    WebhookTargetsProjection(WebhookTargets targets, DeliveryLog deliveries) {
        this.targets = targets;
        this.deliveries = deliveries;
    }

    @EventHandler
    void on(WebhookRegistered event) {
        targets.add(event.webhookId(), event.projectId(), event.url());
    }

    @EventHandler
    void on(WebhookRemoved event) {
        targets.remove(event.webhookId());
        deliveries.dropPending(event.webhookId());
    }
}
