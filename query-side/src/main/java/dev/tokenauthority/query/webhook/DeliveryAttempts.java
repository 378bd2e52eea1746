package dev.tokenauthority.query.webhook;

import dev.tokenauthority.events.secret.WebhookSecrets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * One attempt of a delivery, run by its queue: sign the logged body with a fresh timestamp, post it, log what
 * happened, and say when the next attempt is: {@code token-authority.webhooks.first-retry} (30 s) after the first
 * failure, twice as long after each further one, at most {@code token-authority.webhooks.max-retry-interval} (6 h),
 * until {@code token-authority.webhooks.max-attempts} (12: about 15 hours of trying) have failed. A node that dies
 * after a receiver took a message and before its log says so sends it again: at least once, with the same
 * {@code webhook-id}, which receivers use to tell a message they have had.
 */
@Component
public class DeliveryAttempts {

    private static final Logger log = LoggerFactory.getLogger(DeliveryAttempts.class);

    private final DeliveryLog deliveries;
    private final WebhookTargets targets;
    private final WebhookSecrets secrets;
    private final WebhookSender sender;
    private final Clock clock;
    private final int maxAttempts;
    private final Duration firstRetry;
    private final Duration maxRetryInterval;

    DeliveryAttempts(DeliveryLog deliveries, WebhookTargets targets, WebhookSecrets secrets, WebhookSender sender,
                     Clock clock, @Value("${token-authority.webhooks.max-attempts:12}") int maxAttempts,
                     @Value("${token-authority.webhooks.first-retry:30s}") Duration firstRetry,
                     @Value("${token-authority.webhooks.max-retry-interval:6h}") Duration maxRetryInterval) {
        this.deliveries = deliveries;
        this.targets = targets;
        this.secrets = secrets;
        this.sender = sender;
        this.clock = clock;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.firstRetry = firstRetry;
        this.maxRetryInterval = maxRetryInterval;
    }

    /** Attempts the delivery; answers when to attempt it again, or nothing when it is done (whichever way). */
    public Optional<Instant> attempt(String deliveryId) {
        DeliveryLog.Delivery delivery = deliveries.find(deliveryId).orElse(null);
        if (delivery == null || !DeliveryLog.PENDING.equals(delivery.status())) {
            return Optional.empty(); // done already (delivered, failed, dropped), or never logged
        }
        WebhookTargets.Target target = targets.find(delivery.webhookId()).orElse(null);
        if (target == null || target.removed()) {
            deliveries.dropPending(delivery.webhookId());
            return Optional.empty();
        }
        Instant now = clock.instant();
        long timestamp = now.getEpochSecond();
        WebhookSender.Result result = sender.send(target.url(), deliveryId, timestamp, delivery.body(),
                secrets.signature(target.webhookId(), deliveryId, timestamp, delivery.body()));
        int attempts = delivery.attempts() + 1;
        if (result.delivered()) {
            deliveries.attempted(deliveryId, attempts, now, result.statusCode(), null, DeliveryLog.DELIVERED, null);
            return Optional.empty();
        }
        if (attempts >= maxAttempts) {
            log.warn("webhook {}: delivery {} failed {} times, given up (last: {})", target.webhookId(), deliveryId,
                    attempts, result.describe());
            deliveries.attempted(deliveryId, attempts, now, result.statusCode(), result.error(), DeliveryLog.FAILED, null);
            return Optional.empty();
        }
        Instant next = now.plus(backoff(attempts));
        log.info("webhook {}: delivery {} attempt {} failed ({}), next at {}", target.webhookId(), deliveryId, attempts,
                result.describe(), next);
        deliveries.attempted(deliveryId, attempts, now, result.statusCode(), result.error(), DeliveryLog.PENDING, next);
        return Optional.of(next);
    }

    /** How long after the {@code failed}-th failed attempt the next one is. */
    Duration backoff(int failed) {
        Duration wait = firstRetry;
        for (int i = 1; i < failed && wait.compareTo(maxRetryInterval) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxRetryInterval) > 0 ? maxRetryInterval : wait;
    }
}
