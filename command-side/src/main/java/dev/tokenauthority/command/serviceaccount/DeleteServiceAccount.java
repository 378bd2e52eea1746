package dev.tokenauthority.command.serviceaccount;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Delete a service account: its key opens nothing from then on. */
public record DeleteServiceAccount(@TargetAggregateIdentifier String serviceAccountId, String projectId) {
}
