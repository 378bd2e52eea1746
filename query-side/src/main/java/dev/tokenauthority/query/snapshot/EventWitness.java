package dev.tokenauthority.query.snapshot;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * The identifier of the event at a global index of the event store, read through Axon's own stream API: what
 * ties a snapshot to the store it was built from (a snapshot of another store, or of this store before it was
 * restored from an older backup, names an event that is not there).
 */
final class EventWitness {

    private static final long WAIT_SECONDS = 5;

    private EventWitness() {
    }

    static Optional<String> identifierAt(StreamableMessageSource<TrackedEventMessage<?>> events, long globalIndex) {
        if (globalIndex < 0) {
            return Optional.empty();
        }
        try (BlockingStream<TrackedEventMessage<?>> stream =
                     events.openStream(GapAwareTrackingToken.newInstance(globalIndex - 1, Set.of()))) {
            if (!stream.hasNextAvailable((int) WAIT_SECONDS, TimeUnit.SECONDS)) {
                return Optional.empty();
            }
            TrackedEventMessage<?> first = stream.nextAvailable();
            boolean atIndex = first.trackingToken().position().orElse(-1) == globalIndex;
            return atIndex ? Optional.of(first.getIdentifier()) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
