package dev.tokenauthority.query.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenauthority.events.token.TokenExpiryWarned;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns the project's token events that go to webhooks into deliveries: one per event and webhook registered when
 * the event is handled, logged and queued in the event's transaction. A tracking processor of its own, whose position
 * is in the token store: after a crash it goes on from its last committed event, and an event handled again finds
 * its deliveries logged already. It starts at the head of the store the first time (a new deployment, or an upgrade):
 * warnings older than it are not sent.
 */
@Component
@ProcessingGroup(WebhookDeliveries.PROCESSING_GROUP)
class WebhookDeliveries {

    static final String PROCESSING_GROUP = "webhook-deliveries";
    static final String EXPIRY_WARNING = "token.expiry_warning";
    private static final Logger log = LoggerFactory.getLogger(WebhookDeliveries.class);

    private final WebhookTargets targets;
    private final DeliveryLog deliveries;
    private final DeliveryQueue queue;
    private final EventStorageEngine events;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    WebhookDeliveries(WebhookTargets targets, DeliveryLog deliveries, DeliveryQueue queue, EventStorageEngine events,
                      Clock clock) {
        this.targets = targets;
        this.deliveries = deliveries;
        this.queue = queue;
        this.events = events;
        this.clock = clock;
    }

    @EventHandler
    void on(TokenExpiryWarned event, EventMessage<?> message) {
        TokenFacts token = TokenFacts.read(events, event.tokenId());
        if (token == null) {
            log.warn("expiry warning for token {}, which the event store does not hold: not sent", event.tokenId());
            return;
        }
        List<WebhookTargets.Target> hooks = targets.activeIn(token.projectId());
        if (hooks.isEmpty()) {
            return;
        }
        String body = body(EXPIRY_WARNING, event.warnedAt().toString(), expiryWarningData(event, token));
        for (WebhookTargets.Target hook : hooks) {
            String id = deliveryId(message.getIdentifier(), hook.webhookId());
            if (deliveries.createIfAbsent(id, hook.webhookId(), token.projectId(), EXPIRY_WARNING, event.tokenId(), body,
                    event.warnedAt())) {
                queue.enqueue(id, clock.instant());
            }
        }
    }

    /** The same for the same event and webhook, wherever and however often it is computed. */
    static String deliveryId(String eventId, String webhookId) {
        return UUID.nameUUIDFromBytes((eventId + ":" + webhookId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static Map<String, Object> expiryWarningData(TokenExpiryWarned event, TokenFacts token) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("projectId", token.projectId());
        data.put("regionId", token.regionId());
        data.put("tokenId", token.tokenId());
        data.put("name", token.name());
        data.put("instanceId", token.instanceId());
        data.put("selector", token.selector());
        data.put("validUntil", event.validUntil().toString());
        data.put("lead", event.lead().toString());
        data.put("leadSeconds", event.lead().toSeconds());
        return data;
    }

    private String body(String type, String timestamp, Map<String, Object> data) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", type);
        message.put("timestamp", timestamp);
        message.put("data", data);
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("strings, numbers and maps of strings always serialise", e);
        }
    }
}
