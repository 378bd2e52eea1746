package dev.tokenauthority.events.serviceaccount;

import dev.tokenauthority.events.access.ProjectRole;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A service account was created in a project: a credential for the project's admin API, for a team or a
 * pipeline, with one role.
 *
 * @param serviceAccountId the account's id (a UUID)
 * @param projectId        the only project it may act in
 * @param name             display name, 1–63 characters
 * @param description      free text, possibly empty
 * @param role             what it may do there
 * @param keyHash          HMAC-SHA256 of its first key under the server key, base64url; never the key
 * @param createdAt        when it was created
 * @param validUntil       when its keys stop opening anything by themselves; {@code null} for never
 */
@Revision("1")
public record ServiceAccountCreated(
        String serviceAccountId,
        String projectId,
        String name,
        String description,
        ProjectRole role,
        String keyHash,
        Instant createdAt,
        Instant validUntil) {
}
