package dev.tokenauthority.events.signal;

import java.time.Instant;
import java.util.List;

/**
 * A command the edge sends, the command side handles: record that superseded secrets of a token were presented
 * (what {@code SupersededSecretUsed} records, and what the project's policy then does). Here, in the published
 * language, because the edge, which sees the uses, must not depend on the command side.
 */
public record RecordSupersededUse(String tokenId, Instant firstSeenAt, Instant lastSeenAt, long uses,
                                  List<String> from, List<String> through) {

    public RecordSupersededUse {
        from = from == null ? List.of() : List.copyOf(from);
        through = through == null ? List.of() : List.copyOf(through);
    }
}
