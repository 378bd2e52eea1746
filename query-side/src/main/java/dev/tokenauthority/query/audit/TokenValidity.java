package dev.tokenauthority.query.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tokenauthority.events.token.TokenCreated;
import dev.tokenauthority.events.token.TokenExpired;
import dev.tokenauthority.events.token.TokenRegenerated;
import dev.tokenauthority.events.token.TokenRevoked;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * "Was this token valid at time T?", answered from the token's own events in the event store, and nothing
 * else: created at or before T, not revoked at or before T, T before its {@code validUntil}; and which secret
 * generation was the one that opened it at T.
 */
@Component
public class TokenValidity {

    /** The answer; {@code reason} is {@code active}, {@code not-yet-created}, {@code revoked} or {@code expired}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "TokenValidity")
    public record Answer(String tokenId, Instant at, boolean valid, String reason, Integer generation,
                         Instant generationSince, Instant createdAt, Instant validUntil, Instant revokedAt) {
    }

    private final EventStore events;

    public TokenValidity(EventStore events) {
        this.events = events;
    }

    /** Empty when no token of that id was ever created under that project, region and instance (null: selector). */
    public Optional<Answer> at(String projectId, String regionId, String instanceId, String tokenId, Instant at) {
        DomainEventStream stream = events.readEvents(tokenId);
        if (!stream.hasNext()) {
            return Optional.empty();
        }
        TokenCreated created = null;
        Instant revokedAt = null;
        int generation = 1;
        Instant generationSince = null;
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            Object event = message.getPayload();
            if (event instanceof TokenCreated c) {
                created = c;
                generationSince = c.createdAt();
            } else if (event instanceof TokenRegenerated r && !r.regeneratedAt().isAfter(at)) {
                generation = r.generation();
                generationSince = r.regeneratedAt();
            } else if (event instanceof TokenRevoked r) {
                revokedAt = r.revokedAt();
            } else if (event instanceof TokenExpired) {
                continue; // validUntil decides, whenever the expiry was noticed
            }
        }
        if (created == null || !created.projectId().equals(projectId) || !created.regionId().equals(regionId)
                || !Objects.equals(created.instanceId(), instanceId)) {
            return Optional.empty();
        }
        String reason;
        if (at.isBefore(created.createdAt())) {
            reason = "not-yet-created";
        } else if (revokedAt != null && !at.isBefore(revokedAt)) {
            reason = "revoked";
        } else if (!at.isBefore(created.validUntil())) {
            reason = "expired";
        } else {
            reason = "active";
        }
        boolean valid = reason.equals("active");
        boolean existed = !reason.equals("not-yet-created");
        return Optional.of(new Answer(tokenId, at, valid, reason, existed ? generation : null,
                existed ? generationSince : null, created.createdAt(), created.validUntil(), revokedAt));
    }
}
