package dev.tokenauthority.query.progress;

/**
 * For a node that may not accept tokens by its standing alone ({@link NodeStanding}: in a cluster, fenced by a write
 * that waited too long for it, or its lease lapsed while its host or its link to the database stalled): whether it
 * can show, from the event store itself, that its auth lookup holds every event committed before this call. That is
 * Raft's read index: an answer given after it is as fresh as a serving node's, so the node need not refuse the token.
 * A node that cannot show it (the database unreachable, or it does not catch up in time) still refuses.
 */
public interface ReadIndex {

    /** A single node has no standing to lose and nothing to show: its answer is its standing's. */
    ReadIndex NONE = () -> false;

    /** Whether this node's auth lookup holds every event committed before the call; may wait a bounded time. */
    boolean confirmsCaughtUp();
}
