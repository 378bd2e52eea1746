package dev.tokenauthority.events.store;

import org.axonframework.serialization.Revision;

/**
 * Not a fact about tokens or instances: the event store's own record that position {@code globalIndex} was
 * handed to an append that never committed (rolled back, or its process died), written there so that readers
 * stop waiting for it. An append that still held the position would now fail instead of committing an event
 * that readers had already passed. No read model handles it.
 */
@Revision("1")
public record EventStoreGapClosed(long globalIndex) {
}
