package dev.tokenauthority.events.readmodel;

/** One token a {@link FindTokensMatching} found: enough to revoke it under its path and to show what it was. */
public record MatchingToken(String tokenId, String instanceId, String name, String state) {
}
