package dev.tokenauthority.events.token;

import dev.tokenauthority.events.access.Role;
import java.time.Instant;
import java.util.Map;
import org.axonframework.serialization.Revision;

/**
 * A token was issued. Its scope is either one instance ({@code instanceId} set, {@code selector} empty) or every
 * instance of the project and region whose labels match {@code selector} ({@code instanceId} null), now and
 * later.
 *
 * <p>Revision 2 added {@code selector} and {@code role}; revision-1 events are upcast to an instance token with
 * role {@code operator} and no selector, which is what they meant ({@code TokenCreatedUpcaster}).
 *
 * @param tokenId          the token's id (a UUID)
 * @param projectId        the project the token belongs to
 * @param regionId         the region whose instances it may open; never another region's
 * @param instanceId       the one instance an instance token opens; {@code null} for a selector token
 * @param selector         label pairs an instance must all carry to be opened by a selector token; empty for an
 *                         instance token
 * @param role             what the token may do on what it opens
 * @param name             display name, 1–63 characters
 * @param description      free text, possibly empty
 * @param labels           the caller's labels on the token
 * @param secretHash       HMAC-SHA256 of the first secret under the server key, base64url; never the secret
 * @param createdAt        when the token was issued
 * @param validUntil       when it stops being valid by itself
 * @param expiryDeadlineId the id of the deadline that expires the token at {@code validUntil}; kept so that a
 *                         revocation cancels exactly that deadline instead of scanning every scheduled one
 */
@Revision("2")
public record TokenCreated(
        String tokenId,
        String projectId,
        String regionId,
        String instanceId,
        Map<String, String> selector,
        Role role,
        String name,
        String description,
        Map<String, String> labels,
        String secretHash,
        Instant createdAt,
        Instant validUntil,
        String expiryDeadlineId) {

    public TokenCreated {
        selector = selector == null ? Map.of() : Map.copyOf(selector);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** Whether the token's scope is one instance rather than a label selector. */
    public boolean isInstanceToken() {
        return instanceId != null;
    }
}
