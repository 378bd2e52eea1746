package dev.tokenauthority.command.web;

import java.time.Duration;

/**
 * The other nodes of a cluster on the same store, as a write call sees them: it answers only once none of them
 * can still accept what its change took away. Implemented by whoever runs the cluster; a single node has none.
 */
public interface OtherNodes {

    /** This node has just committed events: let the others look for them now rather than at their next poll. */
    default void announceCommitted() {
    }

    /**
     * Returns {@code true} once every node that may accept tokens has applied the event at {@code globalIndex}
     * to its auth lookup, or can no longer accept tokens (fenced, and its lease run out); {@code false} if that
     * is not known within {@code within}.
     */
    boolean awaitApplied(long globalIndex, Duration within);
}
