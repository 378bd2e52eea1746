package dev.tokenauthority.events.serviceaccount;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A service account got a new key. From this event on only {@code keyHash} opens it: every earlier key is refused
 * for ever.
 *
 * @param generation which key this is: 1 was issued at creation, 2 by the first rotation, …
 */
@Revision("1")
public record ServiceAccountKeyRotated(
        String serviceAccountId,
        String projectId,
        String keyHash,
        int generation,
        Instant rotatedAt) {
}
