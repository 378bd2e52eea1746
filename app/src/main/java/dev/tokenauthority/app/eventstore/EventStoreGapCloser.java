package dev.tokenauthority.app.eventstore;

import dev.tokenauthority.app.config.StoreKind;
import dev.tokenauthority.events.store.EventStoreGapClosed;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the event store's dead gaps, so that no tracking processor ever has to give up waiting for one.
 *
 * <p>An append takes its {@code global_index} when it inserts and becomes visible when it commits, and appends
 * commit in any order: a reader sees index n+1 before n whenever n's transaction is slower. Axon's tracking
 * token remembers n as a gap and reads it again on every fetch until it appears, unless the gap is older than
 * the gap timeout or further behind than the largest gap offset: then Axon stops waiting, and an event that
 * commits later is skipped for ever (AxonFramework #4829) — for the auth lookup, a revocation that never takes
 * effect. This service sets both limits out of reach (see {@code TimestampOnceEventStorageEngine}), and this
 * closer makes sure gaps do not pile up instead: a position still missing {@code grace} after it was first seen
 * gets an {@link EventStoreGapClosed} row of its own. The insert is a race the late append can only lose safely:
 * if the append has already inserted its row, the insert waits for that transaction (the primary key) and fails
 * once it commits, so the real event is read; if the append comes later, the append fails on the key and its
 * caller gets an error, never an answer for an event that readers have passed.
 *
 * <p>Every node runs one; they race each other the same safe way.
 */
public final class EventStoreGapCloser implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventStoreGapCloser.class);
    private static final int PAGE = 10_000;
    private static final int MAX_CLOSED_PER_ROUND = 1_000;
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final Serializer serializer;
    private final Clock clock;
    private final Duration grace;
    private final boolean postgres;
    private final ScheduledExecutorService rounds = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "event-store-gap-closer");
        thread.setDaemon(true);
        return thread;
    });
    /** Every position up to this one is in the store (an event, or a closed gap). */
    private long completeUpTo;
    /** Missing positions below the newest event, and when they were first seen missing. */
    private final TreeMap<Long, Instant> missingSince = new TreeMap<>();

    public EventStoreGapCloser(DataSource dataSource, Serializer serializer, Clock clock, Duration grace) {
        this.dataSource = dataSource;
        this.serializer = serializer;
        this.clock = clock;
        this.grace = grace;
        this.postgres = StoreKind.of(dataSource) == StoreKind.POSTGRESQL;
    }

    public void start(Duration period) {
        rounds.scheduleWithFixedDelay(this::roundLoggingFailures, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        rounds.shutdownNow();
    }

    private void roundLoggingFailures() {
        try {
            round();
        } catch (RuntimeException e) {
            log.warn("closing the event store's gaps failed; next round in a moment", e);
        }
    }

    /** One round: find the positions missing below the newest event, and close those missing for {@code grace}. */
    synchronized int round() {
        Instant now = clock.instant();
        long newest = findMissing(now);
        int closed = 0;
        for (Iterator<Map.Entry<Long, Instant>> missing = missingSince.entrySet().iterator(); missing.hasNext(); ) {
            Map.Entry<Long, Instant> gap = missing.next();
            if (closed < MAX_CLOSED_PER_ROUND && !gap.getValue().plus(grace).isAfter(now) && close(gap.getKey(), now)) {
                closed++;
                missing.remove();
            }
        }
        completeUpTo = missingSince.isEmpty() ? newest : missingSince.firstKey() - 1;
        if (closed > 0) {
            log.info("closed {} gap(s) in the event store that no append filled within {}", closed, grace);
        }
        return closed;
    }

    /**
     * Reads the positions above {@link #completeUpTo}, records each missing one (a position below the newest event
     * that no row holds) with when it was first seen, forgets those that appeared; returns the newest position.
     */
    private long findMissing(Instant now) {
        long from = completeUpTo;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement page = connection.prepareStatement("SELECT global_index FROM domain_event_entry"
                     + " WHERE global_index > ? ORDER BY global_index LIMIT " + PAGE)) {
            int rows;
            do {
                rows = 0;
                page.setLong(1, from);
                try (ResultSet present = page.executeQuery()) {
                    while (present.next()) {
                        long index = present.getLong(1);
                        missingSince.remove(index);
                        for (long gap = from + 1; gap < index; gap++) {
                            missingSince.putIfAbsent(gap, now);
                        }
                        from = index;
                        rows++;
                    }
                }
            } while (rows == PAGE);
            return from;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the event store's positions", e);
        }
    }

    /** Writes the placeholder at {@code globalIndex}; {@code false} while an append still holds the position. */
    private boolean close(long globalIndex, Instant now) {
        SerializedObject<byte[]> payload = serializer.serialize(new EventStoreGapClosed(globalIndex), byte[].class);
        SerializedObject<byte[]> metaData = serializer.serialize(MetaData.emptyInstance(), byte[].class);
        String id = UUID.randomUUID().toString();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (postgres) {
                    try (Statement limit = connection.createStatement()) {
                        limit.execute("SET LOCAL lock_timeout = '2s'"); // an append holding the position: next round
                    }
                }
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO domain_event_entry"
                        + " (global_index, aggregate_identifier, sequence_number, type, event_identifier, meta_data,"
                        + " payload, payload_revision, payload_type, time_stamp) VALUES (?, ?, 0, NULL, ?, ?, ?, ?, ?, ?)")) {
                    insert.setLong(1, globalIndex);
                    insert.setString(2, id);
                    insert.setString(3, id);
                    insert.setBytes(4, metaData.getData());
                    insert.setBytes(5, payload.getData());
                    insert.setString(6, payload.getType().getRevision());
                    insert.setString(7, payload.getType().getName());
                    insert.setString(8, DateTimeUtils.formatInstant(now));
                    insert.executeUpdate();
                }
                connection.commit();
                return true;
            } catch (SQLException e) {
                connection.rollback();
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    return true; // the append committed meanwhile: its event is there
                }
                log.debug("gap {} still held by an append: {}", globalIndex, e.getMessage());
                return false;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write to the event store", e);
        }
    }
}
