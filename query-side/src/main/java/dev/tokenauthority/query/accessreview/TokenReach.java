package dev.tokenauthority.query.accessreview;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a token could act on at {@code at}: its state then ({@code active}, {@code not-yet-created},
 * {@code revoked}, {@code expired}), the secret generation current then, and every instance it opened, computed
 * from the event store ({@code eventsRead} events, through position {@code through}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "TokenReach")
public record TokenReach(String tokenId, String name, Instant at, String action,
                         @Schema(allowableValues = {"active", "not-yet-created", "revoked", "expired"}) String state,
                         String role, String instanceId, Map<String, String> selector, Integer generation,
                         Instant generationSince, Instant createdAt, Instant validUntil, List<String> allowedNetworks,
                         List<Reached> instances, long eventsRead, Long through) {
}
