package dev.tokenauthority.edge.signal;

import dev.tokenauthority.events.signal.LatestDistinct;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The refused uses of one token of one kind (a superseded secret, an address outside its networks) that this node saw
 * since it last sent a signal for it: first and last time, how many, and the last distinct client addresses and ways
 * in (endpoint and gateway), most recent first ({@link LatestDistinct}). Bounded whatever the flood. Once taken for
 * sending it is closed: a use racing that goes to a fresh one.
 */
final class GatheredUse {

    private long firstSeenAt = Long.MAX_VALUE;
    private long lastSeenAt;
    private long uses;
    private final List<String> from = new ArrayList<>(LatestDistinct.KEPT + 1);
    private final List<String> through = new ArrayList<>(LatestDistinct.KEPT + 1);
    private boolean closed;

    /** Adds a use; {@code false} if this one was already taken for sending (then record it in a new one). */
    synchronized boolean record(String address, String way, long at) {
        if (closed) {
            return false;
        }
        firstSeenAt = Math.min(firstSeenAt, at);
        lastSeenAt = Math.max(lastSeenAt, at);
        uses++;
        LatestDistinct.putFirst(from, address);
        LatestDistinct.putFirst(through, way);
        return true;
    }

    /** Closes it and answers what it gathered. */
    synchronized Summary close(String tokenId) {
        closed = true;
        return new Summary(tokenId, Instant.ofEpochMilli(firstSeenAt), Instant.ofEpochMilli(lastSeenAt), uses, from,
                through);
    }

    /** What a closed one gathered: what the signal's command carries. */
    record Summary(String tokenId, Instant firstSeenAt, Instant lastSeenAt, long uses, List<String> from,
                   List<String> through) {

        Summary {
            from = List.copyOf(from);
            through = List.copyOf(through);
        }
    }

    /** A summary whose sending failed, with the uses seen since: one summary again. */
    static Summary merge(Summary failed, Summary since) {
        return new Summary(failed.tokenId(), min(failed.firstSeenAt(), since.firstSeenAt()),
                max(failed.lastSeenAt(), since.lastSeenAt()), failed.uses() + since.uses(),
                LatestDistinct.merged(since.from(), failed.from()), LatestDistinct.merged(since.through(), failed.through()));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
