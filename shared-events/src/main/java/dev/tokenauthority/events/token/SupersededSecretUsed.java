package dev.tokenauthority.events.token;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * A secret the token had before a regeneration was presented while the token was live: a strong sign that the old
 * secret leaked. One event sums up the uses one node saw over a while (never one event per request); the callers got
 * the same answer as for any unknown secret. Never the secret, nor its hash.
 *
 * @param firstSeenAt the first use this event sums up
 * @param lastSeenAt  the last one
 * @param uses        how many uses it sums up
 * @param from        the distinct client addresses they came from, most recent first (at most 5)
 * @param through     the distinct endpoints and gateways they came through ({@code verify via 10.0.0.7}), most
 *                    recent first (at most 5)
 * @param revoked     whether the project's policy ({@code onSupersededUse: revoke}) revoked the token for it
 *                    ({@code TokenRevoked} follows in the same commit)
 */
@Revision("1")
public record SupersededSecretUsed(String tokenId, Instant firstSeenAt, Instant lastSeenAt, long uses,
                                   List<String> from, List<String> through, boolean revoked) {

    public SupersededSecretUsed {
        from = from == null ? List.of() : List.copyOf(from);
        through = through == null ? List.of() : List.copyOf(through);
    }
}
