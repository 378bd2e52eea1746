package dev.tokenauthority.command.token;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Delete a token: it opens nothing from now on. */
public record RevokeToken(@TargetAggregateIdentifier String tokenId, TokenPath path) {
}
