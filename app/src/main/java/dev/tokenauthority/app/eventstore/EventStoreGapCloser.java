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
import java.util.ArrayList;
import java.util.List;
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
 * <p>A missing position is closed in a batch with its neighbours: a database may skip many positions at once (H2
 * takes a new identity value each time it retries an insert that waits for a lock, tens of thousands a second), and
 * readers wait for every one of them. A batch that meets a position still held, or filled meanwhile, is undone and
 * its positions are closed one by one.
 *
 * <p>Every node runs one; they race each other the same safe way.
 */
public final class EventStoreGapCloser implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventStoreGapCloser.class);
    private static final int PAGE = 10_000;
    /** Bounds a round's work (and a batch's memory); a longer run of missing positions takes a few rounds. */
    static final int MAX_CLOSED_PER_ROUND = 100_000;
    private static final int BATCH = 5_000;
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final Serializer serializer;
    private final Clock clock;
    private final Duration grace;
    private final boolean postgres;
    private final byte[] emptyMetaData;
    private final ScheduledExecutorService rounds = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "event-store-gap-closer");
        thread.setDaemon(true);
        return thread;
    });
    /** Every position up to this one is in the store (an event, or a closed gap). */
    private long completeUpTo;
    /**
     * The newest position seen at each round where it grew, by the round's time. A position missing now was missing
     * (rows are never removed) since the first round that saw a newer one: those of a round {@code grace} ago are due.
     */
    private final TreeMap<Instant, Long> newestSeenAt = new TreeMap<>();

    public EventStoreGapCloser(DataSource dataSource, Serializer serializer, Clock clock, Duration grace) {
        this.dataSource = dataSource;
        this.serializer = serializer;
        this.clock = clock;
        this.grace = grace;
        this.postgres = StoreKind.of(dataSource) == StoreKind.POSTGRESQL;
        this.emptyMetaData = serializer.serialize(MetaData.emptyInstance(), byte[].class).getData();
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
            round(clock.instant());
        } catch (RuntimeException e) {
            log.warn("closing the event store's gaps failed; next round in a moment", e);
        }
    }

    /** One round at {@code now}: finds the positions missing below the newest event, closes those missing for the grace. */
    synchronized int round(Instant now) {
        List<Run> missing = new ArrayList<>();
        long newest = findMissing(missing);
        long dueBelow = dueBelow(now, newest);
        int closed = 0;
        long lowestLeft = Long.MAX_VALUE;
        for (Run run : missing) {
            long dueTo = Math.min(run.last(), dueBelow - 1);
            long from = run.first();
            while (from <= dueTo && closed < MAX_CLOSED_PER_ROUND) {
                long to = Math.min(dueTo, from + Math.min(BATCH, MAX_CLOSED_PER_ROUND - closed) - 1);
                Batch batch = closeBatch(from, to, now);
                closed += batch.closed();
                lowestLeft = Math.min(lowestLeft, batch.lowestLeft());
                from = to + 1;
            }
            if (from <= run.last()) {
                lowestLeft = Math.min(lowestLeft, from);
            }
        }
        completeUpTo = lowestLeft == Long.MAX_VALUE ? newest : lowestLeft - 1;
        if (closed > 0) {
            log.info("closed {} gap(s) in the event store that no append filled within {}", closed, grace);
        }
        return closed;
    }

    /**
     * Records the newest position of this round and returns the position below which a missing one is due: the newest
     * seen at the last round at least {@code grace} ago ({@code 0} before there was one).
     */
    private long dueBelow(Instant now, long newest) {
        if (newestSeenAt.isEmpty() || newest > newestSeenAt.lastEntry().getValue()) {
            newestSeenAt.put(now, newest);
        }
        Map.Entry<Instant, Long> dueRound = newestSeenAt.floorEntry(now.minus(grace));
        if (dueRound == null) {
            return 0;
        }
        newestSeenAt.headMap(dueRound.getKey()).clear(); // only the latest due round still matters
        return dueRound.getValue();
    }

    /** Positions {@code first} to {@code last}, none of them in the store when read. */
    private record Run(long first, long last) {
    }

    /** What closing a batch did: how many it closed, and the lowest position still missing ({@code MAX_VALUE}: none). */
    private record Batch(int closed, long lowestLeft) {
    }

    /**
     * Reads the positions above {@link #completeUpTo} and adds each run of missing ones (below the newest event) to
     * {@code missing}, lowest first; returns the newest position.
     */
    private long findMissing(List<Run> missing) {
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
                        if (index > from + 1) {
                            missing.add(new Run(from + 1, index - 1));
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

    /**
     * Closes {@code first} to {@code last} in one transaction; if one of them is held by an append or was filled
     * meanwhile, undoes it and closes them one by one.
     */
    private Batch closeBatch(long first, long last, Instant now) {
        if (first < last && insertPlaceholders(first, last, now)) {
            return new Batch((int) (last - first + 1), Long.MAX_VALUE);
        }
        int closed = 0;
        long lowestLeft = Long.MAX_VALUE;
        for (long position = first; position <= last; position++) {
            if (insertPlaceholders(position, position, now)) {
                closed++;
            } else {
                lowestLeft = Math.min(lowestLeft, position);
            }
        }
        return new Batch(closed, lowestLeft);
    }

    /**
     * Writes the placeholders of {@code first} to {@code last} in one transaction: {@code true} if written, or if a
     * single position was filled by its append meanwhile; {@code false} while an append holds one of them, or when a
     * batch met a filled one.
     */
    private boolean insertPlaceholders(long first, long last, Instant now) {
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
                    String timeStamp = DateTimeUtils.formatInstant(now);
                    if (first == last) {
                        bind(insert, first, timeStamp);
                        insert.executeUpdate();
                    } else {
                        for (long position = first; position <= last; position++) {
                            bind(insert, position, timeStamp);
                            insert.addBatch();
                        }
                        insert.executeBatch();
                    }
                }
                connection.commit();
                return true;
            } catch (SQLException e) {
                connection.rollback();
                if (first == last && UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    return true; // the append committed meanwhile: its event is there
                }
                log.debug("gaps {} to {} not closed in one go: {}", first, last, e.getMessage());
                return false;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write to the event store", e);
        }
    }

    private void bind(PreparedStatement insert, long position, String timeStamp) throws SQLException {
        SerializedObject<byte[]> payload = serializer.serialize(new EventStoreGapClosed(position), byte[].class);
        String id = UUID.randomUUID().toString();
        insert.setLong(1, position);
        insert.setString(2, id);
        insert.setString(3, id);
        insert.setBytes(4, emptyMetaData);
        insert.setBytes(5, payload.getData());
        insert.setString(6, payload.getType().getRevision());
        insert.setString(7, payload.getType().getName());
        insert.setString(8, timeStamp);
    }
}
