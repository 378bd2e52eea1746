package dev.tokenauthority.command.token;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Replace a token's secret by the one whose keyed hash is {@code secretHash}. */
public record RegenerateToken(@TargetAggregateIdentifier String tokenId, TokenPath path, String secretHash) {
}
