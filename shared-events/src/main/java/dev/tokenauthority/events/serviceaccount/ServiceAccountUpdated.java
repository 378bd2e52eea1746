package dev.tokenauthority.events.serviceaccount;

import dev.tokenauthority.events.access.ProjectRole;
import org.axonframework.serialization.Revision;

/** A service account's name, description or role changed; the event carries all three as they are now. */
@Revision("1")
public record ServiceAccountUpdated(
        String serviceAccountId,
        String projectId,
        String name,
        String description,
        ProjectRole role) {
}
