package dev.tokenauthority.app.config;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.ReadEventDataWithGapsStatementBuilder;

/**
 * Axon's query for "the next events, and the gaps I am waiting for" — {@code (index > ? AND index <= ?) OR
 * index IN (gaps)} — makes H2 walk the whole primary key: with the OR, it finds no range to seek to, and every
 * fetch of every tracking processor reads the entire event store. This form selects exactly the same rows as
 * two seeks on the primary key, the next batch and the gaps by value: {@code index > ? AND index <= ?
 * UNION ALL index IN (gaps)}.
 *
 * <p>Not a single range from the smallest gap: a gap stays in the tokens until it fills (an append rolled back
 * leaves one until {@code EventStoreGapCloser} fills it, seconds later), and while it did, every fetch
 * read all the rows in between — under issuance, the event store's producer thread alone took 17% of the
 * server's CPU (async-profiler).
 */
final class IndexedGapRead implements ReadEventDataWithGapsStatementBuilder {

    /**
     * The most gaps one read asks for: the lowest ones (a token's gaps come in ascending order). A gap left out stays
     * in the token and is asked for by a later read, once the lower ones filled; a read naming every gap failed
     * outright past the database's limit of bind parameters (H2 100,000, PostgreSQL 65,535), and with it every
     * processor: the battery's crash test on H2 saw 312,233 gaps after the store's positions jumped.
     */
    static final int MAX_GAPS_PER_READ = 1_000;

    @Override
    public PreparedStatement build(Connection connection, EventSchema schema, long globalIndex, int batchSize,
                                   List<Long> allGaps) throws SQLException {
        List<Long> gaps = allGaps.size() <= MAX_GAPS_PER_READ ? allGaps : allGaps.subList(0, MAX_GAPS_PER_READ);
        String index = schema.globalIndexColumn();
        String select = "SELECT " + schema.trackedEventFields() + " FROM " + schema.domainEventTable();
        String sql = select + " WHERE " + index + " > ? AND " + index + " <= ?"
                + " UNION ALL " + select + " WHERE " + index + " IN ("
                + String.join(",", Collections.nCopies(gaps.size(), "?")) + ") ORDER BY " + index + " ASC";
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setLong(1, globalIndex);
        statement.setLong(2, globalIndex + batchSize);
        for (int i = 0; i < gaps.size(); i++) {
            statement.setLong(i + 3, gaps.get(i));
        }
        return statement;
    }
}
