package dev.tokenauthority.events.readmodel;

import java.time.Instant;
import java.util.Map;

/**
 * A token's metadata as the catalogue shows it; field names follow the public STACKIT SDK's
 * {@code TokenMetadata}. Never carries the secret nor its hash.
 *
 * @param state             {@code active}, or {@code inactive} once {@code validUntil} has passed
 * @param lastRegeneratedAt {@code null} until the first regeneration
 */
public record TokenView(
        String id,
        String name,
        String description,
        Map<String, String> labels,
        String region,
        String state,
        Instant validUntil,
        Instant createdAt,
        Instant lastRegeneratedAt) {

    public static final String ACTIVE = "active";
    public static final String INACTIVE = "inactive";
}
