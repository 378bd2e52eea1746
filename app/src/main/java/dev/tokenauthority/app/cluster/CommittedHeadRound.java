package dev.tokenauthority.app.cluster;

import dev.tokenauthority.app.config.WakeableEventStore;
import dev.tokenauthority.query.progress.ProcessorAdvances;
import dev.tokenauthority.query.progress.ReadModelProgress;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A round of the read index ({@link StoreReadIndex}): reads the event store's committed head, then waits (at most
 * {@code ROUND_LIMIT}) until this node's auth lookup holds every event committed up to it ({@link CommittedHead}).
 * The head is read after the round started, so it covers every write acknowledged before the round started.
 */
final class CommittedHeadRound implements StoreReadIndex.Round {

    private static final Logger log = LoggerFactory.getLogger(CommittedHeadRound.class);
    private static final long ROUND_LIMIT_NANOS = Duration.ofSeconds(2).toNanos();
    private static final long LOOK_AGAIN_MILLIS = 5;
    private static final int QUERY_TIMEOUT_SECONDS = 2;

    private final DataSource dataSource;
    private final ReadModelProgress progress;
    private final ProcessorAdvances advances;
    private final WakeableEventStore eventStore; // null with the stock store

    CommittedHeadRound(DataSource dataSource, ReadModelProgress progress, ProcessorAdvances advances,
                       WakeableEventStore eventStore) {
        this.dataSource = dataSource;
        this.progress = progress;
        this.advances = advances;
        this.eventStore = eventStore;
    }

    @Override
    public StoreReadIndex.Outcome run(long startedNanos) throws InterruptedException {
        try (Connection connection = dataSource.getConnection()) {
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
                if (System.nanoTime() - startedNanos > ROUND_LIMIT_NANOS) {
                    log.debug("cluster: read index: the auth lookup ({}) did not reach the committed head {} in time",
                            position.index(), head);
                    return StoreReadIndex.Outcome.BEHIND;
                }
                advances.awaitAdvance(seen, LOOK_AGAIN_MILLIS);
            }
        } catch (SQLException | RuntimeException e) {
            log.debug("cluster: read index: no committed head from the store ({})", e.getMessage());
            return StoreReadIndex.Outcome.NO_STORE;
        }
    }
}
