package dev.tokenauthority.app.config;

import java.util.List;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

/**
 * Axon's embedded event store with one addition: {@link #wake}, for events another node of the cluster has just
 * committed. Axon's producer wakes at once for this process's own commits ({@code afterCommit}, a hook Axon
 * provides to subclasses), and otherwise polls the store every fetch delay; {@link #wake} runs the same hook
 * for a commit this process hears of from another node (app.cluster), so that the event reaches this node's
 * auth lookup in milliseconds rather than at the next poll.
 *
 * <p>Outside Axon's configuration API, so behind a switch: {@code token-authority.cluster.wake-event-store=false}
 * builds the stock store, and nodes then see each other's events at the next poll (50 ms at most).
 */
public class WakeableEventStore extends EmbeddedEventStore {

    public WakeableEventStore(Builder builder) {
        super(builder);
    }

    /** Have the producer look for new events now, if any processor is waiting for some. */
    public void wake() {
        afterCommit(List.of());
    }
}
