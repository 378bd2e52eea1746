package dev.tokenauthority.events.signal;

import java.time.Instant;
import java.util.List;

/**
 * A command the edge sends, the command side handles: record that a token's secret was presented from addresses
 * outside its allowed networks (what {@code DisallowedAddressUsed} records). Here, in the published language, for
 * the reason {@link RecordSupersededUse} is.
 */
public record RecordDisallowedAddressUse(String tokenId, Instant firstSeenAt, Instant lastSeenAt, long uses,
                                         List<String> from, List<String> through) {

    public RecordDisallowedAddressUse {
        from = from == null ? List.of() : List.copyOf(from);
        through = through == null ? List.of() : List.copyOf(through);
    }
}
