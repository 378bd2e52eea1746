package dev.tokenauthority.app.cluster;

import dev.tokenauthority.query.progress.ReadModelProgress;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;

/**
 * How far a node's auth lookup is, as other nodes learn it: the highest event index it has applied and the
 * indexes below that it has not seen yet (Axon's gaps). Positions of one node only move forward, so any report
 * that covers an event proves the node applied it, however old the report.
 */
record AppliedPosition(long index, Set<Long> gaps) {

    static final AppliedPosition NOTHING = new AppliedPosition(-1, Set.of());
    /** Gaps sent in a notification at most (PostgreSQL's payload limit is 8000 bytes); the table has them all. */
    static final int MAX_NOTIFIED_GAPS = 200;

    static AppliedPosition of(TrackingToken token) {
        TrackingToken current = WrappedToken.unwrapUpperBound(token);
        if (current instanceof GapAwareTrackingToken gapAware) {
            return new AppliedPosition(gapAware.getIndex(), Set.copyOf(gapAware.getGaps()));
        }
        return current == null ? NOTHING : new AppliedPosition(current.position().orElse(-1), Set.of());
    }

    /** Where this node's auth lookup is now. */
    static AppliedPosition ofAuthLookup(ReadModelProgress progress) {
        return progress.authLookupPosition().stream().map(AppliedPosition::of).findFirst().orElse(NOTHING);
    }

    /** Whether the event at {@code globalIndex} is applied. */
    boolean covers(long globalIndex) {
        return index >= globalIndex && !gaps.contains(globalIndex);
    }

    /** The positions up to and including {@code globalIndex} not applied yet (its gaps there). */
    Set<Long> gapsUpTo(long globalIndex) {
        return gaps.stream().filter(gap -> gap <= globalIndex).collect(Collectors.toUnmodifiableSet());
    }

    /** {@code index} then the gaps, comma-separated ({@code -} for none); null if too many gaps to send. */
    String notified() {
        if (gaps.size() > MAX_NOTIFIED_GAPS) {
            return null;
        }
        return index + " " + (gaps.isEmpty() ? "-" : new TreeSet<>(gaps).stream().map(String::valueOf)
                .collect(Collectors.joining(",")));
    }

    /** As a heartbeat stored it in {@code cluster_node}: {@code applied_index}, {@code applied_gaps}. */
    static AppliedPosition stored(long index, java.sql.Array gaps) throws java.sql.SQLException {
        Set<Long> open = new java.util.HashSet<>();
        if (gaps != null) {
            for (Object gap : (Object[]) gaps.getArray()) {
                open.add(((Number) gap).longValue());
            }
        }
        return new AppliedPosition(index, Set.copyOf(open));
    }

    static AppliedPosition parse(String index, String gaps) {
        Set<Long> parsed = gaps.equals("-") ? Set.of() : Arrays.stream(gaps.split(","))
                .map(Long::valueOf).collect(Collectors.toUnmodifiableSet());
        return new AppliedPosition(Long.parseLong(index), parsed);
    }
}
