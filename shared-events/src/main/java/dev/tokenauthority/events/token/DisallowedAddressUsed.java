package dev.tokenauthority.events.token;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * The token's current secret was presented from a client address outside its allowed networks
 * ({@link TokenAllowedNetworksSet}): the callers were refused (403), and this sums up what one node saw over a while,
 * never one event per request. A sign that the secret is used where it should not be, or that the list is out of date.
 * Never the secret, nor its hash.
 *
 * @param firstSeenAt the first refusal this event sums up
 * @param lastSeenAt  the last one
 * @param uses        how many refusals it sums up
 * @param from        the distinct client addresses they came from, most recent first (at most 5)
 * @param through     the distinct endpoints and gateways they came through ({@code verify via 10.0.0.7}), most
 *                    recent first (at most 5)
 */
@Revision("1")
public record DisallowedAddressUsed(String tokenId, Instant firstSeenAt, Instant lastSeenAt, long uses,
                                    List<String> from, List<String> through) {

    public DisallowedAddressUsed {
        from = from == null ? List.of() : List.copyOf(from);
        through = through == null ? List.of() : List.copyOf(through);
    }
}
