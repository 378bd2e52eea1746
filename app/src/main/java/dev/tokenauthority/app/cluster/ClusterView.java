package dev.tokenauthority.app.cluster;

import java.util.HashMap;
import java.util.Map;

/**
 * What this node knows of the cluster: the nodes' rows as the last heartbeat read them (state, whether the lease
 * is live on the database's clock, the position each stored), and the positions nodes have announced since. Write
 * calls wait on it ({@link EveryNodeBarrier}); the {@link ClusterLink} keeps it up to date.
 */
final class ClusterView {

    enum State { JOINING, SERVING, FENCED }

    record Member(String nodeId, State state, boolean leaseLive, AppliedPosition position) {
    }

    private final Object monitor = new Object();
    private Map<String, Member> members = Map.of();
    private long membersReadAtNanos = Long.MIN_VALUE;
    private final Map<String, AppliedPosition> announced = new HashMap<>();
    private long changes;

    /** The rows as read by a query that started at {@code readStartedNanos}. */
    void membersRead(Map<String, Member> rows, long readStartedNanos) {
        synchronized (monitor) {
            members = Map.copyOf(rows);
            membersReadAtNanos = readStartedNanos;
            announced.keySet().retainAll(rows.keySet());
            changed();
        }
    }

    void announced(String nodeId, AppliedPosition position) {
        synchronized (monitor) {
            AppliedPosition known = announced.get(nodeId);
            if (known == null || position.index() >= known.index()) {
                announced.put(nodeId, position);
            }
            changed();
        }
    }

    /** Whether {@code nodeId} is known to have applied the event at {@code globalIndex}. */
    boolean applied(String nodeId, long globalIndex) {
        synchronized (monitor) {
            Member member = members.get(nodeId);
            AppliedPosition heard = announced.get(nodeId);
            return (member != null && member.position().covers(globalIndex))
                    || (heard != null && heard.covers(globalIndex));
        }
    }

    /**
     * Whether {@code nodeId} can no longer accept tokens by what the rows say, read after {@code sinceNanos}:
     * its row is gone (it left), its lease has run out, or it is joining again (it stopped serving, and serves
     * again only once it has applied everything committed before). Rows read before {@code sinceNanos} say
     * nothing about that moment: {@code false}.
     */
    boolean stoppedServingSince(String nodeId, long sinceNanos) {
        synchronized (monitor) {
            if (membersReadAtNanos - sinceNanos < 0) {
                return false;
            }
            Member member = members.get(nodeId);
            return member == null || !member.leaseLive() || member.state() == State.JOINING;
        }
    }

    /** Whether, as of the last read of the rows, a node other than {@code selfId} serves with a live lease. */
    boolean anyOtherServing(String selfId) {
        synchronized (monitor) {
            return members.values().stream().anyMatch(member -> !member.nodeId().equals(selfId)
                    && member.leaseLive() && member.state() != State.JOINING);
        }
    }

    long changes() {
        synchronized (monitor) {
            return changes;
        }
    }

    void awaitChange(long seen, long maxMillis) throws InterruptedException {
        synchronized (monitor) {
            if (changes == seen) {
                monitor.wait(maxMillis);
            }
        }
    }

    private void changed() {
        changes++;
        monitor.notifyAll();
    }
}
