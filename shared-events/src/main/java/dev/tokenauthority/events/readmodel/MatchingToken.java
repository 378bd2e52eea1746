package dev.tokenauthority.events.readmodel;

import java.time.Instant;

/**
 * One token a {@link FindTokensMatching} found: enough to revoke it under its path and to show what it was
 * ({@code lastUsedAt} null: never used).
 */
public record MatchingToken(String tokenId, String instanceId, String name, String state, Instant createdAt,
                            Instant lastUsedAt) {

    public MatchingToken withLastUsedAt(Instant at) {
        return new MatchingToken(tokenId, instanceId, name, state, createdAt, at);
    }
}
