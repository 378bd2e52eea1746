package dev.tokenauthority.events.readmodel;

import java.time.Instant;

/**
 * A service account as the admin API shows it. Never carries its key nor the key's hash.
 *
 * @param state          {@code active}, or {@code inactive} once {@code validUntil} has passed
 * @param validUntil     {@code null} when it does not expire
 * @param lastRotatedAt  {@code null} until the first rotation
 */
public record ServiceAccountView(
        String id,
        String projectId,
        String name,
        String description,
        String role,
        String state,
        Instant createdAt,
        Instant validUntil,
        Instant lastRotatedAt) {
}
