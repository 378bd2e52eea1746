package dev.tokenauthority.app.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenauthority.app.MigratedH2;
import java.nio.charset.StandardCharsets;
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
import org.axonframework.serialization.json.JacksonSerializer;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The closer against H2's real event store table: which positions it closes, when, and around an append that still
 * holds one. (End to end, with the service's appends and processors: {@code EventStoreGapEndToEndTests}.)
 */
class EventStoreGapCloserTests {

    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final String GAP_CLOSED = "dev.tokenauthority.events.store.EventStoreGapClosed";

    private Instant now = Instant.parse("2026-12-01T21:37:00Z");
    private JdbcDataSource dataSource;
    private EventStoreGapCloser closer;

    @BeforeEach
    void setUp() {
        // A short lock timeout: the test with an open append waits for it once per batch that meets the position.
        dataSource = MigratedH2.inMemory(";LOCK_TIMEOUT=200");
        closer = new EventStoreGapCloser(dataSource, JacksonSerializer.defaultSerializer(), Clock.systemUTC(), GRACE);
    }

    @Test
    void aJumpOfHundredsOfThousandsOfPositionsIsClosedInAFewRounds() throws SQLException {
        // H2 skipped 312,230 positions at once while an append waited seconds for a lock (crash piece on H2, run 200).
        // One placeholder per transaction, 1,000 a round, took minutes of rounds, and every reader waited for them.
        insertEvents(1, 200_002);
        closer.round(now);
        now = now.plus(GRACE);

        int rounds = 0;
        int closed = 0;
        while (closed < 200_000 && rounds < 10) {
            closed += closer.round(now);
            rounds++;
        }

        assertThat(closed).isEqualTo(200_000);
        assertThat(rounds).isEqualTo(200_000 / EventStoreGapCloser.MAX_CLOSED_PER_ROUND);
        assertThat(countRows("payload_type = '" + GAP_CLOSED + "'")).isEqualTo(200_000);
        assertThat(countRows("CAST(payload AS VARCHAR) <> CONCAT('{\"globalIndex\":', global_index, '}')"
                + " AND payload_type = '" + GAP_CLOSED + "'")).as("each placeholder names its own position").isZero();
        assertThat(closer.round(now)).isZero();
    }

    @Test
    void aPositionIsClosedOnlyOnceItHasBeenMissingForTheGrace() throws SQLException {
        insertEvents(1, 3);
        closer.round(now); // 2 seen missing
        now = now.plus(Duration.ofSeconds(3));
        insertEvents(6);
        closer.round(now); // 4 and 5 seen missing, 3 s later
        now = now.plus(Duration.ofSeconds(2));

        assertThat(closer.round(now)).as("only 2 is due").isEqualTo(1);
        assertThat(placeholders()).containsExactly(2L);
        now = now.plus(Duration.ofSeconds(2));
        assertThat(closer.round(now)).isZero();
        now = now.plus(Duration.ofSeconds(1));
        assertThat(closer.round(now)).isEqualTo(2);
        assertThat(placeholders()).containsExactly(2L, 4L, 5L);
    }

    @Test
    void aPositionAnAppendStillHoldsIsLeftToItAndTheRestOfItsRunIsClosed() throws SQLException {
        insertEvents(1, 20);
        try (Connection append = dataSource.getConnection()) {
            append.setAutoCommit(false);
            insertEvent(append, 10); // the slow append: inserted, not committed
            closer.round(now);
            now = now.plus(GRACE);

            assertThat(closer.round(now)).isEqualTo(17);
            assertThat(placeholders()).doesNotContain(10L).hasSize(17);
            append.commit();
        }
        now = now.plus(GRACE);
        assertThat(closer.round(now)).isZero();
        assertThat(countRows("global_index = 10 AND payload_type = 'TokenCreated'")).as("the append's own event").isOne();
    }

    private void insertEvents(long... positions) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            for (long position : positions) {
                insertEvent(connection, position);
            }
        }
    }

    private static void insertEvent(Connection connection, long position) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO domain_event_entry (global_index,"
                + " aggregate_identifier, sequence_number, type, event_identifier, payload, payload_type, time_stamp)"
                + " VALUES (?, ?, 0, 'Token', ?, ?, 'TokenCreated', '2026-12-01T21:37:00Z')")) {
            insert.setLong(1, position);
            insert.setString(2, "token-" + position);
            insert.setString(3, "event-" + position);
            insert.setBytes(4, "{}".getBytes(StandardCharsets.UTF_8));
            insert.executeUpdate();
        }
    }

    private List<Long> placeholders() throws SQLException {
        List<Long> positions = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery("SELECT global_index FROM domain_event_entry WHERE payload_type = '"
                     + GAP_CLOSED + "' ORDER BY global_index")) {
            while (rows.next()) {
                positions.add(rows.getLong(1));
            }
        }
        return positions;
    }

    private long countRows(String condition) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement select = connection.createStatement();
             ResultSet count = select.executeQuery("SELECT COUNT(*) FROM domain_event_entry WHERE " + condition)) {
            count.next();
            return count.getLong(1);
        }
    }
}
