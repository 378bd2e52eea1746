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
 * A round of the read index ({@link StoreReadIndex}): reads the event store's committed head, then waits (up to the
 * round's deadline) until this node's auth lookup holds every event committed up to it ({@link CommittedHead}).
 * The head is read after the round started, so it covers every write acknowledged before the round started. One
 * connection of its own, outside the pool: a round must not queue behind the write calls for a pooled one.
 */
final class CommittedHeadRound implements StoreReadIndex.Round {

    private static final Logger log = LoggerFactory.getLogger(CommittedHeadRound.class);
    private static final long LOOK_AGAIN_MILLIS = 5;
    private static final int QUERY_TIMEOUT_SECONDS = 2;

    private final Supplier<Connection> connections;
    private final ReadModelProgress progress;
    private final ProcessorAdvances advances;
    private final WakeableEventStore eventStore; // null with the stock store

    private Connection connection; // its own, kept between rounds; opened again after a failure

    CommittedHeadRound(Supplier<Connection> connections, ReadModelProgress progress, ProcessorAdvances advances,
                       WakeableEventStore eventStore) {
        this.connections = connections;
        this.progress = progress;
        this.advances = advances;
        this.eventStore = eventStore;
    }

    @Override
    public StoreReadIndex.Outcome run(long startedNanos, long deadlineNanos) throws InterruptedException {
        try {
            if (connection == null) {
                connection = connections.get();
                connection.setAutoCommit(true);
            }
            long head = CommittedHead.read(connection, QUERY_TIMEOUT_SECONDS);
            while (true) {
                long seen = advances.advancesSoFar();
                AppliedPosition position = AppliedPosition.ofAuthLookup(progress);
                if (CommittedHead.coveredBy(connection, position, head, QUERY_TIMEOUT_SECONDS)) {
                    return StoreReadIndex.Outcome.CAUGHT_UP;
                }
                if (position.index() < head && eventStore != null) {
                    eventStore.wake(); // the writes' notifications may not have reached this node: look now
                }
                if (System.nanoTime() - deadlineNanos > 0) {
                    log.info("cluster: read index: the auth lookup ({}) did not reach the committed head {} within {}"
                            + " ms", position.index(), head, (deadlineNanos - startedNanos) / 1_000_000);
                    return StoreReadIndex.Outcome.BEHIND;
                }
                advances.awaitAdvance(seen, LOOK_AGAIN_MILLIS);
            }
        } catch (SQLException | RuntimeException e) {
            log.debug("cluster: read index: no committed head from the store ({})", e.getMessage());
            close();
            return StoreReadIndex.Outcome.NO_STORE;
        }
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
