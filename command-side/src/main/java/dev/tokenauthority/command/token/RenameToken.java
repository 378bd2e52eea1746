package dev.tokenauthority.command.token;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Change a token's name and/or description; {@code null} leaves that field as it is. */
public record RenameToken(
        @TargetAggregateIdentifier String tokenId, TokenPath path, String name, String description) {
}
