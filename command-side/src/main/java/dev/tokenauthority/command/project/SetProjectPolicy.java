package dev.tokenauthority.command.project;

import dev.tokenauthority.events.project.SupersededUsePolicy;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Set the project's token policy (its owner's call). */
public record SetProjectPolicy(@TargetAggregateIdentifier String policyId, String projectId,
                               SupersededUsePolicy onSupersededUse) {

    public SetProjectPolicy(String projectId, SupersededUsePolicy onSupersededUse) {
        this(ProjectPolicy.idOf(projectId), projectId, onSupersededUse);
    }
}
