package dev.tokenauthority.app.cluster;

import dev.tokenauthority.app.config.WakeableEventStore;
import dev.tokenauthority.query.progress.ProcessorAdvances;
import dev.tokenauthority.query.progress.ReadModelProgress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's one connection of its own to the cluster's database, and the thread that keeps it: heartbeats that
 * renew its lease and publish its auth lookup position (every {@code heartbeat}), the state changes that decide
 * whether it may accept tokens, the other nodes' rows read into the {@link ClusterView}, and the notifications of
 * other nodes ({@code LISTEN}): positions announced, and writes committed (which wake this node's event store).
 *
 * <p>The heartbeats go through the connection that listens: a heartbeat that succeeds proves the notifications
 * still arrive (PostgreSQL says nothing to a listener whose connection was cut until its next statement). When a
 * heartbeat fails, the node stops accepting tokens once its lease runs out ({@link NodeLease}), reconnects, and
 * joins again as if it were new: it serves again only once it has applied everything committed before it said so.
 */
final class ClusterLink {

    static final String CHANNEL = "token_authority_cluster";
    private static final Logger log = LoggerFactory.getLogger(ClusterLink.class);

    private final Supplier<Connection> connections;
    private final NodeIdentity self;
    private final Duration lease;
    private final Duration heartbeat;
    private final NodeLease nodeLease;
    private final ClusterView view;
    private final ReadModelProgress progress;
    private final ProcessorAdvances advances;
    private final WakeableEventStore eventStore; // null with the stock store
    private final Thread thread;
    private volatile boolean running;
    private ClusterView.State state = ClusterView.State.JOINING;
    private Long headToCover; // set on becoming serving: every event committed up to here applied, it may accept tokens
    private boolean connectedBefore;

    ClusterLink(Supplier<Connection> connections, NodeIdentity self, Duration lease, Duration heartbeat,
                NodeLease nodeLease, ClusterView view, ReadModelProgress progress, ProcessorAdvances advances,
                WakeableEventStore eventStore) {
        this.connections = connections;
        this.self = self;
        this.lease = lease;
        this.heartbeat = heartbeat;
        this.nodeLease = nodeLease;
        this.view = view;
        this.progress = progress;
        this.advances = advances;
        this.eventStore = eventStore;
        this.thread = new Thread(this::run, "cluster-link");
        this.thread.setDaemon(true);
    }

    void start() {
        running = true;
        thread.start();
    }

    /** Stops accepting tokens, then leaves: the row goes, so no write call waits for this node any more. */
    void stop() {
        nodeLease.stop();
        running = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Connection connection = connections.get();
             PreparedStatement leave = connection.prepareStatement("DELETE FROM cluster_node WHERE node_id = ?")) {
            leave.setString(1, self.id());
            leave.executeUpdate();
        } catch (SQLException | RuntimeException e) {
            log.warn("cluster: could not remove this node's row ({}); other nodes stop waiting for it when its lease "
                    + "runs out", e.getMessage());
        }
    }

    private void run() {
        while (running) {
            try (Connection connection = connections.get()) {
                serve(connection);
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    nodeLease.stop();
                    log.warn("cluster: lost the database ({}); refusing tokens, reconnecting", e.getMessage());
                    pause(heartbeat);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void serve(Connection connection) throws SQLException, InterruptedException {
        connection.setAutoCommit(true);
        try (Statement listen = connection.createStatement()) {
            listen.execute("LISTEN " + CHANNEL);
            // A heartbeat need not survive a crash of the database (every node then loses its connection, refuses
            // tokens and joins again), but waiting for its commit to reach the disk made it late under write load:
            // renewals took up to 0.9 s behind 64 concurrent writes, the lease lapsed, and the node refused tokens
            // (found by the battery's concurrency test). Commits of this connection do not wait for the WAL flush;
            // they are visible to other nodes at once all the same.
            listen.execute("SET synchronous_commit = off");
        }
        join(connection);
        if (connectedBefore) {
            log.info("cluster: connected again as node {}; joining", self.id());
        }
        connectedBefore = true;
        PGConnection notifications = connection.unwrap(PGConnection.class);
        long nextBeat = System.nanoTime();
        while (running) {
            long now = System.nanoTime();
            if (now - nextBeat >= 0) {
                beat(connection, now - nextBeat);
                nextBeat = now + heartbeat.toNanos();
            }
            int waitMillis = (int) Math.max(1, (nextBeat - System.nanoTime()) / 1_000_000);
            PGNotification[] received = notifications.getNotifications(waitMillis);
            if (received != null) {
                for (PGNotification notification : received) {
                    heard(notification.getParameter());
                }
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /** In as a joining node (again, after a lost connection): it accepts no token until it is serving. */
    private void join(Connection connection) throws SQLException {
        nodeLease.stop();
        state = ClusterView.State.JOINING;
        headToCover = null;
        try (PreparedStatement prune = connection.prepareStatement(
                "DELETE FROM cluster_node WHERE lease_until < clock_timestamp() - interval '10 minutes'");
             PreparedStatement join = connection.prepareStatement("""
                     INSERT INTO cluster_node (node_id, role, address, state, lease_until, started_at, heartbeat_at)
                     VALUES (?, ?, ?, 'joining', clock_timestamp() + ? * interval '1 millisecond',
                             clock_timestamp(), clock_timestamp())
                     ON CONFLICT (node_id) DO UPDATE SET state = 'joining', lease_until = EXCLUDED.lease_until,
                                                         heartbeat_at = EXCLUDED.heartbeat_at""")) {
            prune.setQueryTimeout(statementTimeoutSeconds());
            prune.executeUpdate();
            join.setQueryTimeout(statementTimeoutSeconds());
            join.setString(1, self.id());
            join.setString(2, self.role().value());
            join.setString(3, self.address());
            join.setLong(4, lease.toMillis());
            join.executeUpdate();
        }
    }

    private void beat(Connection connection, long lateNanos) throws SQLException {
        long sent = System.nanoTime();
        long lapsed = nodeLease.lapsedFor(sent);
        AppliedPosition position = AppliedPosition.ofAuthLookup(progress);
        ClusterView.State stored = renew(connection, position);
        long took = System.nanoTime() - sent;
        // Refusing tokens for a while is safe but an outage of every protected app: say so, and what it waited for.
        if (lapsed > 0) {
            log.warn("cluster: this node's lease had lapsed {} ms before this heartbeat: tokens were refused meanwhile"
                    + " (the heartbeat started {} ms late, the renewal took {} ms)", lapsed / 1_000_000,
                    lateNanos / 1_000_000, took / 1_000_000);
        } else if (took + lateNanos > lease.toNanos() / 2) {
            log.warn("cluster: a heartbeat started {} ms late and its renewal took {} ms, together more than half the "
                    + "lease ({}): the database or this host is overloaded", lateNanos / 1_000_000, took / 1_000_000,
                    lease);
        }
        switch (stored) {
            case FENCED -> {
                // Another node gave up waiting for this one: no token may be accepted until caught up again.
                nodeLease.stop();
                log.warn("cluster: fenced by another node (its write waited too long for this one); refusing tokens "
                        + "until caught up");
                execute(connection, "UPDATE cluster_node SET state = 'joining' WHERE node_id = ? AND state = 'fenced'");
                state = ClusterView.State.JOINING;
                headToCover = null;
            }
            case JOINING -> {
                if (progress.authLookupReady()
                        && execute(connection, "UPDATE cluster_node SET state = 'serving' WHERE node_id = ? AND state = 'joining'") == 1) {
                    // From here on writers wait for this node (a write's barrier reads the serving nodes after its
                    // commit); what was committed before, it must apply first.
                    state = ClusterView.State.SERVING;
                    headToCover = CommittedHead.read(connection, statementTimeoutSeconds());
                }
            }
            case SERVING -> state = ClusterView.State.SERVING;
        }
        nodeLease.renewed(sent);
        if (state == ClusterView.State.SERVING && headToCover != null
                && CommittedHead.coveredBy(connection, position, headToCover, statementTimeoutSeconds())) {
            headToCover = null;
            nodeLease.serve();
            log.info("cluster: node {} ({}) serving", self.id(), self.role().value());
        }
        readMembers(connection);
    }

    private ClusterView.State renew(Connection connection, AppliedPosition position) throws SQLException {
        try (PreparedStatement renew = connection.prepareStatement("""
                UPDATE cluster_node SET lease_until = clock_timestamp() + ? * interval '1 millisecond',
                       heartbeat_at = clock_timestamp(), applied_index = ?, applied_gaps = ?
                 WHERE node_id = ? AND state <> 'fenced' RETURNING state""")) {
            renew.setQueryTimeout(statementTimeoutSeconds());
            renew.setLong(1, lease.toMillis());
            renew.setLong(2, position.index());
            renew.setArray(3, connection.createArrayOf("bigint", position.gaps().toArray()));
            renew.setString(4, self.id());
            try (ResultSet row = renew.executeQuery()) {
                if (row.next()) {
                    return state(row.getString(1));
                }
            }
        }
        // Not renewed: fenced, or the row is gone (pruned after a long pause): either way, start over.
        try (PreparedStatement check = connection.prepareStatement("SELECT 1 FROM cluster_node WHERE node_id = ?")) {
            check.setString(1, self.id());
            try (ResultSet row = check.executeQuery()) {
                if (!row.next()) {
                    join(connection);
                    return ClusterView.State.JOINING;
                }
            }
        }
        return ClusterView.State.FENCED;
    }

    private void readMembers(Connection connection) throws SQLException {
        long started = System.nanoTime();
        Map<String, ClusterView.Member> members = new HashMap<>();
        try (PreparedStatement read = connection.prepareStatement("""
                SELECT node_id, state, lease_until > clock_timestamp(), applied_index, applied_gaps FROM cluster_node""");
             ResultSet rows = read.executeQuery()) {
            while (rows.next()) {
                String nodeId = rows.getString(1);
                members.put(nodeId, new ClusterView.Member(nodeId,
                        state(rows.getString(2)),
                        rows.getBoolean(3), AppliedPosition.stored(rows.getLong(4), rows.getArray(5))));
            }
        }
        view.membersRead(members, started);
    }

    private static ClusterView.State state(String stored) {
        return ClusterView.State.valueOf(stored.toUpperCase(Locale.ROOT));
    }

    /** {@code a <node> <index> <gaps>}: a node's position; {@code w <node>}: a node committed events. */
    private void heard(String payload) {
        String[] parts = payload.split(" ");
        if (parts.length < 2 || parts[1].equals(self.id())) {
            return;
        }
        try {
            if (parts[0].equals("a") && parts.length == 4) {
                view.announced(parts[1], AppliedPosition.parse(parts[2], parts[3]));
                advances.signal(); // shared read models may have moved on too: waiters look again
            } else if (parts[0].equals("w") && eventStore != null) {
                eventStore.wake();
            }
        } catch (NumberFormatException e) {
            log.debug("cluster: ignoring a malformed notification");
        }
    }

    private int execute(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setQueryTimeout(statementTimeoutSeconds());
            statement.setString(1, self.id());
            return statement.executeUpdate();
        }
    }

    /** A statement that takes longer than the lease has lost it anyway. */
    private int statementTimeoutSeconds() {
        return (int) Math.max(1, lease.toSeconds());
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
