package dev.tokenauthority.command.token;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Change a token's name, description and/or allowed networks; {@code null} leaves that field as it is, an empty
 * {@code allowedNetworks} lifts the restriction. All or nothing: one bad field changes none.
 */
public record UpdateToken(
        @TargetAggregateIdentifier String tokenId, TokenPath path, String name, String description,
        List<String> allowedNetworks) {

    /** A change of name and/or description only. */
    public static UpdateToken rename(String tokenId, TokenPath path, String name, String description) {
        return new UpdateToken(tokenId, path, name, description, null);
    }
}
