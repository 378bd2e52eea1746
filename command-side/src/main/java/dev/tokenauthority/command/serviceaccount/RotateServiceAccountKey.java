package dev.tokenauthority.command.serviceaccount;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Replace a service account's key by the one whose keyed hash is {@code keyHash}. */
public record RotateServiceAccountKey(@TargetAggregateIdentifier String serviceAccountId, String projectId,
                                      String keyHash) {
}
