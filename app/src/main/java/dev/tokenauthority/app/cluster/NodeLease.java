package dev.tokenauthority.app.cluster;

import dev.tokenauthority.query.progress.NodeStanding;
import java.time.Duration;

/**
 * This node's own view of its lease: it accepts tokens only while it is serving and its last heartbeat that the
 * database took is younger than the lease. The lease is counted from when that heartbeat was sent, on this
 * process's monotonic clock, and shortened by a tenth, so this node stops before the database's copy of the lease
 * (counted from when the database ran the heartbeat) runs out: the time other nodes wait out.
 */
final class NodeLease implements NodeStanding {

    private final long leaseNanos;
    private final ClusterView view;
    private final String selfId;
    private volatile boolean serving;
    private volatile long validUntilNanos = System.nanoTime();

    NodeLease(Duration lease, ClusterView view, String selfId) {
        this.leaseNanos = lease.toNanos() * 9 / 10;
        this.view = view;
        this.selfId = selfId;
    }

    @Override
    public boolean acceptsTokens() {
        return serving && System.nanoTime() - validUntilNanos < 0;
    }

    @Override
    public boolean othersServing() {
        return view.anyOtherServing(selfId);
    }

    /** How long before {@code nowNanos} the lease ran out while this node was serving (0 if it had not). */
    long lapsedFor(long nowNanos) {
        return serving && nowNanos - validUntilNanos > 0 ? nowNanos - validUntilNanos : 0;
    }

    /** A heartbeat sent at {@code sentNanos} was taken by the database. */
    void renewed(long sentNanos) {
        validUntilNanos = sentNanos + leaseNanos;
    }

    void serve() {
        serving = true;
    }

    /** Refuse every token from now on (fenced, leaving, or rejoining after a lost connection). */
    void stop() {
        serving = false;
    }

    boolean serving() {
        return serving;
    }
}
