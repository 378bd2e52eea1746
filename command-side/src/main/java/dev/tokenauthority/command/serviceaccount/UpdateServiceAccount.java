package dev.tokenauthority.command.serviceaccount;

import dev.tokenauthority.events.access.ProjectRole;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Change a service account's name, description or role; a {@code null} field stays as it is. */
public record UpdateServiceAccount(
        @TargetAggregateIdentifier String serviceAccountId,
        String projectId,
        String name,
        String description,
        ProjectRole role) {
}
