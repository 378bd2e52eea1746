package dev.tokenauthority.command.serviceaccount;

import dev.tokenauthority.events.access.ProjectRole;
import java.time.Duration;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Create a service account in a project. The caller already generated the key and passes only its keyed hash.
 *
 * @param lifetime how long its keys open anything; {@code null} for no expiry
 */
public record CreateServiceAccount(
        @TargetAggregateIdentifier String serviceAccountId,
        String projectId,
        String name,
        String description,
        ProjectRole role,
        Duration lifetime,
        String keyHash) {
}
