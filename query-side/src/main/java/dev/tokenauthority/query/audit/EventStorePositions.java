package dev.tokenauthority.query.audit;

import java.util.Collection;
import java.util.Map;

/** Where events sit in the event store; implemented by whoever owns the store's schema. */
public interface EventStorePositions {

    /**
     * The global positions of the events with these identifiers, in one look-up. Not the tracking token's
     * position: for an event that fills a gap, that is the highest position the processor has seen, which another
     * event also has.
     *
     * @return position by event identifier, for every identifier found (all of them, for events read from the store)
     */
    Map<String, Long> positionsOf(Collection<String> eventIdentifiers);
}
