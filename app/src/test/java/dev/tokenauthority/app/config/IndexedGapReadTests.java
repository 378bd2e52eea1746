package dev.tokenauthority.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IndexedGapReadTests {

    /** Global indexes 1..20,000 but for these: appends that were rolled back. */
    private static final Set<Long> MISSING = Set.of(2L, 5L, 19_990L);

    private Connection connection;

    @BeforeEach
    void setUp() throws SQLException {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/h2").load().migrate();
        connection = dataSource.getConnection();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO domain_event_entry (global_index,"
                + " aggregate_identifier, sequence_number, type, event_identifier, payload, payload_type, time_stamp)"
                + " VALUES (?, ?, 0, 'Token', ?, X'7b7d', 'Created', '2026-11-23T21:09:24.252Z')")) {
            for (long index = 1; index <= 20_000; index++) {
                if (!MISSING.contains(index)) {
                    insert.setLong(1, index);
                    insert.setString(2, "token-" + index);
                    insert.setString(3, "event-" + index);
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    @Test
    void nextBatchAndTheGapsThatFilledInIndexOrder() throws SQLException {
        // 7 was a gap when the token was made and has been filled since; 2 and 5 never will be.
        assertThat(indexesRead(10, 5, List.of(2L, 5L, 7L))).containsExactly(7L, 11L, 12L, 13L, 14L, 15L);
        assertThat(indexesRead(19_985, 10, List.of(19_983L))).containsExactly(19_983L, 19_986L, 19_987L, 19_988L,
                19_989L, 19_991L, 19_992L, 19_993L, 19_994L, 19_995L);
    }

    @Test
    void aGapFarBehindDoesNotMakeTheReadWalkTheRowsInBetween() throws SQLException {
        // H2 counts the rows each part of the plan visited: the batch and the two gaps, not the 19,000 between.
        try (PreparedStatement read = new IndexedGapRead().build(connection, AxonConfiguration.eventSchema(), 19_000,
                100, List.of(2L, 5L));
             PreparedStatement explain = connection.prepareStatement("EXPLAIN ANALYZE " + sqlOf(read))) {
            List<Long> parameters = parametersOf(read);
            for (int i = 0; i < parameters.size(); i++) {
                explain.setLong(i + 1, parameters.get(i));
            }
            try (ResultSet plan = explain.executeQuery()) {
                plan.next();
                Matcher scanCounts = Pattern.compile("scanCount: (\\d+)").matcher(plan.getString(1));
                long visited = 0;
                while (scanCounts.find()) {
                    visited += Long.parseLong(scanCounts.group(1));
                }
                assertThat(visited).as(plan.getString(1)).isPositive().isLessThan(200);
            }
        }
        assertThat(indexesRead(19_000, 100, List.of(2L, 5L))).hasSize(100).startsWith(19_001L).endsWith(19_100L);
    }

    @Test
    void moreGapsThanTheDatabaseTakesParametersAreReadLowestFirst() throws SQLException {
        // 300,000 gaps (H2 takes at most 100,000 parameters): the lowest ones are asked for, the rest stay for later.
        List<Long> gaps = new ArrayList<>(List.of(7L, 12L));
        for (long gap = 20_001; gaps.size() < 300_000; gap++) {
            gaps.add(gap);
        }
        assertThat(indexesRead(19_995, 3, gaps)).containsExactly(7L, 12L, 19_996L, 19_997L, 19_998L);
    }

    private List<Long> indexesRead(long globalIndex, int batchSize, List<Long> gaps) throws SQLException {
        List<Long> indexes = new ArrayList<>();
        try (PreparedStatement read = new IndexedGapRead().build(connection, AxonConfiguration.eventSchema(),
                globalIndex, batchSize, gaps); ResultSet rows = read.executeQuery()) {
            while (rows.next()) {
                indexes.add(rows.getLong("global_index"));
            }
        }
        return indexes;
    }

    private static List<Long> parametersOf(PreparedStatement statement) {
        String text = statement.toString();
        List<Long> values = new ArrayList<>();
        Matcher parameters = Pattern.compile("\\d+: (?:CAST\\()?(\\d+)").matcher(text.substring(text.lastIndexOf(" {")));
        while (parameters.find()) {
            values.add(Long.parseLong(parameters.group(1)));
        }
        return values;
    }

    private static String sqlOf(PreparedStatement statement) {
        // H2's statement prints as "prep0: <sql> {1: ...}"
        String text = statement.toString();
        return text.substring(text.indexOf(": ") + 2, text.lastIndexOf(" {"));
    }
}
