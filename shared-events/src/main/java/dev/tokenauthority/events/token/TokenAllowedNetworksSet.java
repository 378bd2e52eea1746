package dev.tokenauthority.events.token;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * The client networks the token may be used from changed: from now on a verification from an address outside
 * them is refused (403) and signalled ({@link DisallowedAddressUsed}). Recorded right after {@code TokenCreated} for
 * a token created with networks, and on every change after; an empty list lifts the restriction.
 *
 * @param allowedNetworks CIDR blocks in canonical form ({@code 10.0.0.0/8}, {@code 192.0.2.7/32},
 *                        {@code 2001:db8::/32}), as {@code AllowedNetworks} keeps them; empty: any address
 * @param setAt           when the change was made
 */
@Revision("1")
public record TokenAllowedNetworksSet(String tokenId, List<String> allowedNetworks, Instant setAt) {

    public TokenAllowedNetworksSet {
        allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
    }
}
