package dev.tokenauthority.app.cluster;

import dev.tokenauthority.query.progress.ProcessorAdvances;
import dev.tokenauthority.query.progress.ReadModelProgress;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Tells the other nodes, the moment a read model of this node moves on, where this node's auth lookup is
 * ({@code NOTIFY}), so that a write call waiting on another node for this one sees it within a millisecond or
 * two rather than at the next heartbeat; and tells them when this node has committed events, so that their event
 * stores look at once. One thread sends, and sends only the newest position: a burst of batches is one message.
 *
 * <p>Each message is a transaction of its own on a pooled connection, committed without waiting for the disk:
 * PostgreSQL serialises the commits of transactions that notify, so never from the transactions that append events.
 */
final class AppliedPositionPublisher {

    private static final Logger log = LoggerFactory.getLogger(AppliedPositionPublisher.class);
    private static final long GAP_LOOK_AGAIN_NANOS = 5_000_000;

    private final JdbcTemplate jdbc;
    private final NodeIdentity self;
    private final ReadModelProgress progress;
    private final Thread thread;
    private volatile boolean running;
    private volatile boolean moved;

    AppliedPositionPublisher(JdbcTemplate jdbc, NodeIdentity self, ReadModelProgress progress, ProcessorAdvances advances) {
        this.jdbc = jdbc;
        this.self = self;
        this.progress = progress;
        this.thread = new Thread(this::run, "cluster-position-publisher");
        this.thread.setDaemon(true);
        advances.onAdvance(this::moved);
    }

    void start() {
        running = true;
        thread.start();
    }

    void stop() {
        running = false;
        LockSupport.unpark(thread);
    }

    /** This node has committed events: other nodes' event stores should look now. */
    void announceWrite() {
        notify("w " + self.id());
    }

    private void moved() {
        moved = true;
        LockSupport.unpark(thread);
    }

    private void run() {
        AppliedPosition sent = null;
        while (running) {
            if (!moved) {
                if (sent != null && !sent.gaps().isEmpty()) {
                    // An event of a gap, handled, moves no position and so wakes nobody: look again shortly.
                    LockSupport.parkNanos(this, GAP_LOOK_AGAIN_NANOS);
                } else {
                    LockSupport.park(this);
                }
            }
            boolean advanced = moved;
            moved = false;
            AppliedPosition position = AppliedPosition.ofAuthLookup(progress);
            // After any advance, even of a read model shared by the cluster (this node may hold its segment), for
            // which other nodes' write calls wait too; after a look at a gap, only if it was filled.
            if (advanced || !position.equals(sent)) {
                String notified = position.notified();
                if (notified != null) {
                    notify("a " + self.id() + " " + notified);
                }
                sent = position;
            }
        }
    }

    private void notify(String payload) {
        try {
            // A notification is not data: its transaction's commit need not wait for the log's flush (the setting in
            // effect at commit decides). Waiting, it took up to 2 s under battery test 2 at full scale (WALWrite in
            // pg_stat_activity), write calls heard too late that other nodes had applied their event and fenced them.
            jdbc.queryForObject("SELECT pg_notify(?, ?) FROM (SELECT set_config('synchronous_commit', 'off', true)) AS"
                    + " for_this_transaction", Object.class, ClusterLink.CHANNEL, payload);
        } catch (RuntimeException e) {
            // The heartbeat carries the position too; a lost database is the link's business.
            log.debug("cluster: could not notify ({})", e.getMessage());
        }
    }
}
