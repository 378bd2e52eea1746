package dev.tokenauthority.query.audit;

import static dev.tokenauthority.events.audit.AuditMetadata.ACTOR;
import static dev.tokenauthority.events.audit.AuditMetadata.CLIENT_ADDRESS;
import static dev.tokenauthority.events.audit.AuditMetadata.REQUEST_ID;

import dev.tokenauthority.events.instance.InstanceDeleted;
import dev.tokenauthority.events.instance.InstanceRegistered;
import dev.tokenauthority.events.instance.InstanceRelabelled;
import dev.tokenauthority.events.instance.InstanceStarted;
import dev.tokenauthority.events.instance.InstanceStopped;
import dev.tokenauthority.events.project.ProjectPolicySet;
import dev.tokenauthority.events.serviceaccount.ServiceAccountCreated;
import dev.tokenauthority.events.serviceaccount.ServiceAccountDeleted;
import dev.tokenauthority.events.serviceaccount.ServiceAccountKeyRotated;
import dev.tokenauthority.events.serviceaccount.ServiceAccountUpdated;
import dev.tokenauthority.events.token.TokenCreated;
import dev.tokenauthority.events.token.TokenExpired;
import dev.tokenauthority.events.token.TokenExpiryWarned;
import dev.tokenauthority.events.token.SupersededSecretUsed;
import dev.tokenauthority.events.token.DisallowedAddressUsed;
import dev.tokenauthority.events.token.TokenAllowedNetworksSet;
import dev.tokenauthority.events.token.TokenLeakReported;
import dev.tokenauthority.events.token.TokenRegenerated;
import dev.tokenauthority.events.token.TokenRenamed;
import dev.tokenauthority.events.token.TokenRevoked;
import dev.tokenauthority.events.webhook.WebhookRegistered;
import dev.tokenauthority.events.webhook.WebhookRemoved;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.springframework.stereotype.Component;

/**
 * Indexes every event of the store into {@link AuditTrail}: its position, time and type, the project, instance
 * and token it concerns, the actor, address and request id from its metadata, and the fields it set (never a
 * hash). Idempotent by position. Each batch of events is written at its commit ({@link AuditBatch}).
 */
@Component
@ProcessingGroup(AuditTrailProjection.PROCESSING_GROUP)
public class AuditTrailProjection {

    public static final String PROCESSING_GROUP = "audit-trail";

    private final AuditTrail trail;
    private final AuditBatch batch;

    public AuditTrailProjection(AuditTrail trail, EventStorePositions positions) {
        this.trail = trail;
        this.batch = new AuditBatch(trail, positions);
    }

    @EventHandler
    public void on(TokenCreated event, EventMessage<?> message, @Timestamp Instant at, MetaData metaData) {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("name", event.name());
        changes.put("description", event.description());
        changes.put("labels", event.labels());
        changes.put("role", event.role().value());
        if (!event.isInstanceToken()) {
            changes.put("selector", event.selector());
        }
        changes.put("validUntil", event.validUntil().toString());
        record(message, at, "TokenCreated", new AuditTrail.Subject(event.projectId(), event.regionId(),
                event.instanceId(), event.tokenId()), metaData, changes);
    }

    @EventHandler
    public void on(TokenRenamed event, EventMessage<?> message, @Timestamp Instant at, MetaData metaData) {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("name", event.name());
        changes.put("description", event.description());
        recordForToken(event.tokenId(), message, at, "TokenRenamed", metaData, changes);
    }

    @EventHandler
    public void on(TokenRegenerated event, EventMessage<?> message, @Timestamp Instant at, MetaData metaData) {
        recordForToken(event.tokenId(), message, at, "TokenRegenerated", metaData, Map.of("generation", event.generation()));
    }

    @EventHandler
    public void on(TokenRevoked event, EventMessage<?> message, @Timestamp Instant at, MetaData metaData) {
        recordForToken(event.tokenId(), message, at, "TokenRevoked", metaData, Map.of());
    }

    @EventHandler
    public void on(TokenLeakReported event, EventMessage<?> message, @Timestamp Instant at, MetaData metaData) {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("reporter", event.reporter());
        changes.put("source", event.source());
        changes.put("url", event.url());
        recordForToken(event.tokenId(), message, at, "TokenLeakReported", metaData, changes);
    }

    @EventHandler
    public void on(TokenExpired event, EventMessage<?> message, @Timestamp Instant at, MetaData metaData) {
        recordForToken(event.tokenId(), message, at, "TokenExpired", metaData,
                Map.of("expiredAt", event.expiredAt().toString()));
    }

    @EventHandler
    public void on(InstanceRegistered event, EventMessage<?> message, @Timestamp Instant at, MetaData metaData) {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("type", event.type().value());
        changes.put("name", event.name());
        changes.put("labels", event.labels());
        record(message, at, "InstanceRegistered",
                new AuditTrail.Subject(event.projectId(), event.regionId(), event.instanceId(), null), metaData, changes);
    }

    @EventHandler
    public void on(InstanceRelabelled event, EventMessage<?> message, @Timestamp Instant at, MetaData metaData) {
        recordForInstance(event.instanceId(), message, at, "InstanceRelabelled", metaData, Map.of("labels", event.labels()));
    }

    @EventHandler
    public void on(InstanceStarted event, EventMessage<?> message, @Timestamp Instant at, MetaData metaData) {
        recordForInstance(event.instanceId(), message, at, "InstanceStarted", metaData, Map.of());
    }

    @EventHandler
    public void on(InstanceStopped event, EventMessage<?> message, @Timestamp Instant at, MetaData metaData) {
        recordForInstance(event.instanceId(), message, at, "InstanceStopped", metaData, Map.of());
    }

    @EventHandler
    public void on(InstanceDeleted event, EventMessage<?> message, @Timestamp Instant at, MetaData metaData) {
        recordForInstance(event.instanceId(), message, at, "InstanceDeleted", metaData, Map.of());
    }

    @EventHandler
    public void on(ServiceAccountCreated event, EventMessage<?> message, @Timestamp Instant at, MetaData metaData) {
        Map<String, Object> changes = serviceAccount(event.serviceAccountId());
        changes.put("name", event.name());
        changes.put("description", event.description());
        changes.put("role", event.role().value());
        changes.put("validUntil", event.validUntil() == null ? null : event.validUntil().toString());
        record(message, at, "ServiceAccountCreated", projectOnly(event.projectId()), metaData, changes);
    }

    @EventHandler
    public void on(ServiceAccountUpdated event, EventMessage<?> message, @Timestamp Instant at, MetaData metaData) {
        Map<String, Object> changes = serviceAccount(event.serviceAccountId());
        changes.put("name", event.name());
        changes.put("description", event.description());
        changes.put("role", event.role().value());
        record(message, at, "ServiceAccountUpdated", projectOnly(event.projectId()), metaData, changes);
    }

    @EventHandler
    public void on(ServiceAccountKeyRotated event, EventMessage<?> message, @Timestamp Instant at, MetaData metaData) {
        Map<String, Object> changes = serviceAccount(event.serviceAccountId());
        changes.put("generation", event.generation());
        record(message, at, "ServiceAccountKeyRotated", projectOnly(event.projectId()), metaData, changes);
    }

    @EventHandler
    public void on(ServiceAccountDeleted event, EventMessage<?> message, @Timestamp Instant at, MetaData metaData) {
        record(message, at, "ServiceAccountDeleted", projectOnly(event.projectId()), metaData,
                serviceAccount(event.serviceAccountId()));
    }

    @EventHandler
    public void on(SupersededSecretUsed event, EventMessage<?> message, @Timestamp Instant at, MetaData metaData) {
        Map<String, Object> changes = signal(event.firstSeenAt(), event.lastSeenAt(), event.uses(), event.from(),
                event.through());
        changes.put("revoked", event.revoked());
        recordForToken(event.tokenId(), message, at, "SupersededSecretUsed", metaData, changes);
    }

    @EventHandler
    public void on(TokenAllowedNetworksSet event, EventMessage<?> message, @Timestamp Instant at, MetaData metaData) {
        recordForToken(event.tokenId(), message, at, "TokenAllowedNetworksSet", metaData,
                Map.of("allowedNetworks", event.allowedNetworks()));
    }

    @EventHandler
    public void on(DisallowedAddressUsed event, EventMessage<?> message, @Timestamp Instant at, MetaData metaData) {
        recordForToken(event.tokenId(), message, at, "DisallowedAddressUsed", metaData,
                signal(event.firstSeenAt(), event.lastSeenAt(), event.uses(), event.from(), event.through()));
    }

    /** What a signal on a token (refused uses, summed up) shows in the trail. */
    private static Map<String, Object> signal(Instant firstSeenAt, Instant lastSeenAt, long uses, List<String> from,
                                              List<String> through) {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("firstSeenAt", firstSeenAt.toString());
        changes.put("lastSeenAt", lastSeenAt.toString());
        changes.put("uses", uses);
        changes.put("from", from);
        changes.put("through", through);
        return changes;
    }

    @EventHandler
    public void on(TokenExpiryWarned event, EventMessage<?> message, @Timestamp Instant at, MetaData metaData) {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("lead", event.lead().toString());
        changes.put("validUntil", event.validUntil().toString());
        recordForToken(event.tokenId(), message, at, "TokenExpiryWarned", metaData, changes);
    }

    @EventHandler
    public void on(ProjectPolicySet event, EventMessage<?> message, @Timestamp Instant at, MetaData metaData) {
        record(message, at, "ProjectPolicySet", projectOnly(event.projectId()), metaData,
                Map.of("onSupersededUse", event.onSupersededUse().value()));
    }

    @EventHandler
    public void on(WebhookRegistered event, EventMessage<?> message, @Timestamp Instant at, MetaData metaData) {
        record(message, at, "WebhookRegistered", projectOnly(event.projectId()), metaData,
                Map.of("webhookId", event.webhookId(), "url", withoutQuery(event.url()), "description", event.description()));
    }

    @EventHandler
    public void on(WebhookRemoved event, EventMessage<?> message, @Timestamp Instant at, MetaData metaData) {
        record(message, at, "WebhookRemoved", projectOnly(event.projectId()), metaData,
                Map.of("webhookId", event.webhookId()));
    }

    /** Project viewers read the trail; a webhook's query string may carry its receiver's credential. */
    private static String withoutQuery(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?…";
    }

    @ResetHandler
    public void onReset() {
        trail.clear();
    }

    /** A service account belongs to its project, not to a region or an instance; its id is among the changes. */
    private static AuditTrail.Subject projectOnly(String projectId) {
        return new AuditTrail.Subject(projectId, null, null, null);
    }

    private static Map<String, Object> serviceAccount(String serviceAccountId) {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("serviceAccountId", serviceAccountId);
        return changes;
    }

    private void recordForToken(String tokenId, EventMessage<?> message, Instant at, String type, MetaData metaData,
                                Map<String, Object> changes) {
        batch.add(pending(message, at, type, null, tokenId, null, metaData, changes));
    }

    private void recordForInstance(String instanceId, EventMessage<?> message, Instant at, String type,
                                   MetaData metaData, Map<String, Object> changes) {
        batch.add(pending(message, at, type, null, null, instanceId, metaData, changes));
    }

    private void record(EventMessage<?> message, Instant at, String type, AuditTrail.Subject subject, MetaData metaData,
                        Map<String, Object> changes) {
        batch.add(pending(message, at, type, subject, null, null, metaData, changes));
    }

    /** Events after the first of their token or instance take its project, region and instance from it. */
    private static AuditBatch.Pending pending(EventMessage<?> message, Instant at, String type,
                                              AuditTrail.Subject subject, String ofToken, String ofInstance,
                                              MetaData metaData, Map<String, Object> changes) {
        return new AuditBatch.Pending(message.getIdentifier(), at, type, subject, ofToken, ofInstance,
                text(metaData.get(ACTOR), "unknown"), text(metaData.get(CLIENT_ADDRESS), null),
                text(metaData.get(REQUEST_ID), null), changes);
    }

    private static String text(Object value, String otherwise) {
        return value == null ? otherwise : value.toString();
    }
}
