package dev.tokenauthority.query.audit;

import static dev.tokenauthority.events.audit.AuditMetadata.ACTOR;
import static dev.tokenauthority.events.audit.AuditMetadata.CLIENT_ADDRESS;
import static dev.tokenauthority.events.audit.AuditMetadata.REQUEST_ID;

import dev.tokenauthority.events.instance.InstanceDeleted;
import dev.tokenauthority.events.instance.InstanceRegistered;
import dev.tokenauthority.events.instance.InstanceRelabelled;
import dev.tokenauthority.events.instance.InstanceStarted;
import dev.tokenauthority.events.instance.InstanceStopped;
import dev.tokenauthority.events.token.TokenCreated;
import dev.tokenauthority.events.token.TokenExpired;
import dev.tokenauthority.events.token.TokenRegenerated;
import dev.tokenauthority.events.token.TokenRenamed;
import dev.tokenauthority.events.token.TokenRevoked;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Indexes every event of the store into {@link AuditTrail}: its position, time and type, the project, instance
 * and token it concerns, the actor, address and request id from its metadata, and the fields it set (never a
 * hash). Idempotent by position.
 */
@Component
@ProcessingGroup(AuditTrailProjection.PROCESSING_GROUP)
public class AuditTrailProjection {

    public static final String PROCESSING_GROUP = "audit-trail";
    private static final Logger log = LoggerFactory.getLogger(AuditTrailProjection.class);

    private final AuditTrail trail;

    public AuditTrailProjection(AuditTrail trail) {
        this.trail = trail;
    }

    @EventHandler
    public void on(TokenCreated event, TrackingToken token, @Timestamp Instant at, MetaData metaData) {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("name", event.name());
        changes.put("description", event.description());
        changes.put("labels", event.labels());
        changes.put("role", event.role().value());
        if (!event.isInstanceToken()) {
            changes.put("selector", event.selector());
        }
        changes.put("validUntil", event.validUntil().toString());
        record(token, at, "TokenCreated", new AuditTrail.Subject(event.projectId(), event.regionId(),
                event.instanceId(), event.tokenId()), metaData, changes);
    }

    @EventHandler
    public void on(TokenRenamed event, TrackingToken token, @Timestamp Instant at, MetaData metaData) {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("name", event.name());
        changes.put("description", event.description());
        recordForToken(event.tokenId(), token, at, "TokenRenamed", metaData, changes);
    }

    @EventHandler
    public void on(TokenRegenerated event, TrackingToken token, @Timestamp Instant at, MetaData metaData) {
        recordForToken(event.tokenId(), token, at, "TokenRegenerated", metaData, Map.of("generation", event.generation()));
    }

    @EventHandler
    public void on(TokenRevoked event, TrackingToken token, @Timestamp Instant at, MetaData metaData) {
        recordForToken(event.tokenId(), token, at, "TokenRevoked", metaData, Map.of());
    }

    @EventHandler
    public void on(TokenExpired event, TrackingToken token, @Timestamp Instant at, MetaData metaData) {
        recordForToken(event.tokenId(), token, at, "TokenExpired", metaData,
                Map.of("expiredAt", event.expiredAt().toString()));
    }

    @EventHandler
    public void on(InstanceRegistered event, TrackingToken token, @Timestamp Instant at, MetaData metaData) {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("type", event.type().value());
        changes.put("name", event.name());
        changes.put("labels", event.labels());
        record(token, at, "InstanceRegistered",
                new AuditTrail.Subject(event.projectId(), event.regionId(), event.instanceId(), null), metaData, changes);
    }

    @EventHandler
    public void on(InstanceRelabelled event, TrackingToken token, @Timestamp Instant at, MetaData metaData) {
        recordForInstance(event.instanceId(), token, at, "InstanceRelabelled", metaData, Map.of("labels", event.labels()));
    }

    @EventHandler
    public void on(InstanceStarted event, TrackingToken token, @Timestamp Instant at, MetaData metaData) {
        recordForInstance(event.instanceId(), token, at, "InstanceStarted", metaData, Map.of());
    }

    @EventHandler
    public void on(InstanceStopped event, TrackingToken token, @Timestamp Instant at, MetaData metaData) {
        recordForInstance(event.instanceId(), token, at, "InstanceStopped", metaData, Map.of());
    }

    @EventHandler
    public void on(InstanceDeleted event, TrackingToken token, @Timestamp Instant at, MetaData metaData) {
        recordForInstance(event.instanceId(), token, at, "InstanceDeleted", metaData, Map.of());
    }

    @ResetHandler
    public void onReset() {
        trail.clear();
    }

    private void recordForToken(String tokenId, TrackingToken token, Instant at, String type, MetaData metaData,
                                Map<String, Object> changes) {
        trail.subjectOfToken(tokenId).ifPresentOrElse(
                subject -> record(token, at, type, subject, metaData, changes),
                () -> log.warn("audit: {} for token {} whose creation is not indexed; skipped", type, tokenId));
    }

    private void recordForInstance(String instanceId, TrackingToken token, Instant at, String type, MetaData metaData,
                                   Map<String, Object> changes) {
        trail.subjectOfInstance(instanceId).ifPresentOrElse(
                subject -> record(token, at, type, subject, metaData, changes),
                () -> log.warn("audit: {} for instance {} whose registration is not indexed; skipped", type, instanceId));
    }

    private void record(TrackingToken token, Instant at, String type, AuditTrail.Subject subject, MetaData metaData,
                        Map<String, Object> changes) {
        long position = token.position().orElseThrow(() -> new IllegalStateException("an event without a position"));
        trail.record(new AuditEntry(position, at, type, subject.projectId(), subject.regionId(), subject.instanceId(),
                subject.tokenId(), text(metaData.get(ACTOR), "unknown"), text(metaData.get(CLIENT_ADDRESS), null),
                text(metaData.get(REQUEST_ID), null), changes));
    }

    private static String text(Object value, String otherwise) {
        return value == null ? otherwise : value.toString();
    }
}
