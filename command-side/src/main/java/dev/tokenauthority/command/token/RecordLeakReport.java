package dev.tokenauthority.command.token;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A secret scanner reported the token's secret as exposed: record it, and revoke the token if {@code revoke}. */
public record RecordLeakReport(@TargetAggregateIdentifier String tokenId, TokenPath path, String reporter, String source,
                               String url, boolean revoke) {
}
