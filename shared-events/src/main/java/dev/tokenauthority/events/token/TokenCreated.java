package dev.tokenauthority.events.token;

import java.time.Instant;
import java.util.Map;
import org.axonframework.serialization.Revision;

/**
 * A token was issued for one instance.
 *
 * @param tokenId     the token's id (a UUID)
 * @param projectId   the project the instance belongs to
 * @param regionId    the region the instance runs in
 * @param instanceId  the instance the token opens
 * @param name        display name, 1–63 characters
 * @param description free text, possibly empty
 * @param labels      the caller's labels on the token
 * @param secretHash  HMAC-SHA256 of the first secret under the server key, base64url; never the secret
 * @param createdAt   when the token was issued
 * @param validUntil  when it stops being valid by itself
 * @param expiryDeadlineId the id of the deadline that expires the token at {@code validUntil}; kept so that a
 *                    revocation cancels exactly that deadline instead of scanning every scheduled one
 */
@Revision("1")
public record TokenCreated(
        String tokenId,
        String projectId,
        String regionId,
        String instanceId,
        String name,
        String description,
        Map<String, String> labels,
        String secretHash,
        Instant createdAt,
        Instant validUntil,
        String expiryDeadlineId) {

    public TokenCreated {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
