package dev.tokenauthority.app.cluster;

import dev.tokenauthority.app.config.WakeableEventStore;
import dev.tokenauthority.query.progress.ProcessorAdvances;
import dev.tokenauthority.query.progress.ReadModelProgress;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the read index ({@link StoreReadIndex}) asks: the event store's committed head, and whether this node's auth
 * lookup holds every event committed up to a head ({@link CommittedHead}). One connection of its own, outside the
 * pool: a read must not queue behind the write calls for a pooled one (under battery test 2, 20 concurrent
 * regenerations per node on a pool of 10); opened again after a failure.
 */
final class CommittedHeadProbe implements StoreReadIndex.Probe {

    private static final Logger log = LoggerFactory.getLogger(CommittedHeadProbe.class);
    private static final int QUERY_TIMEOUT_SECONDS = 2;

    private final Supplier<Connection> connections;
    private final ReadModelProgress progress;
    private final ProcessorAdvances advances;
    private final WakeableEventStore eventStore; // null with the stock store
    private Connection connection;

    CommittedHeadProbe(Supplier<Connection> connections, ReadModelProgress progress, ProcessorAdvances advances,
                       WakeableEventStore eventStore) {
        this.connections = connections;
        this.progress = progress;
        this.advances = advances;
        this.eventStore = eventStore;
    }

    @Override
    public long committedHead() throws SQLException {
        return withConnection(connection -> CommittedHead.read(connection, QUERY_TIMEOUT_SECONDS));
    }

    @Override
    public boolean holdsEverythingUpTo(long head) throws SQLException {
        AppliedPosition position = AppliedPosition.ofAuthLookup(progress);
        if (position.index() < head) {
            if (eventStore != null) {
                eventStore.wake(); // the writes' notifications may not have reached this node: look now
            }
            return false;
        }
        return withConnection(connection -> CommittedHead.coveredBy(connection, position, head, QUERY_TIMEOUT_SECONDS));
    }

    @Override
    public void awaitProgress(long maxMillis) throws InterruptedException {
        advances.awaitAdvance(advances.advancesSoFar(), maxMillis);
    }

    private interface Query<T> {
        T ask(Connection connection) throws SQLException;
    }

    /**
     * On the kept connection, and once more on a new one if that fails: a connection kept across a restart or a
     * failover of the database fails at its first use, and that is no reason to refuse a token (found by ClusterIT:
     * the read index's first query after the database was restarted).
     */
    private <T> T withConnection(Query<T> query) throws SQLException {
        boolean kept = connection != null;
        try {
            return query.ask(connection());
        } catch (SQLException | RuntimeException e) {
            close();
            if (!kept) {
                throw e;
            }
        }
        try {
            return query.ask(connection());
        } catch (SQLException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = connections.get();
            connection.setAutoCommit(true);
        }
        return connection;
    }

    private void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("cluster: read index: closing its connection failed ({})", e.getMessage());
            }
            connection = null;
        }
    }
}
