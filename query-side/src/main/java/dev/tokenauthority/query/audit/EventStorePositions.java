package dev.tokenauthority.query.audit;

/** Where an event sits in the event store; implemented by whoever owns the store's schema. */
public interface EventStorePositions {

    /**
     * The global position of the event with this identifier. Not the tracking token's position: for an event
     * that fills a gap, that is the highest position the processor has seen, which another event also has.
     */
    long positionOf(String eventIdentifier);
}
