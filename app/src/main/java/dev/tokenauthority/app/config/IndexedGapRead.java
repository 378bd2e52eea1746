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
 * fetch of every tracking processor reads the entire event store. This form selects exactly the same rows but
 * bounds the range from the smallest gap, so the index is used: {@code index BETWEEN minGap AND index + batch
 * AND (index > ? OR index IN (gaps))}. Gaps lie close below the current index (Axon drops those older than its
 * gap offset), so the range stays small.
 */
final class IndexedGapRead implements ReadEventDataWithGapsStatementBuilder {

    @Override
    public PreparedStatement build(Connection connection, EventSchema schema, long globalIndex, int batchSize,
                                   List<Long> gaps) throws SQLException {
        String index = schema.globalIndexColumn();
        String sql = "SELECT " + schema.trackedEventFields() + " FROM " + schema.domainEventTable()
                + " WHERE " + index + " >= ? AND " + index + " <= ? AND (" + index + " > ? OR " + index + " IN ("
                + String.join(",", Collections.nCopies(gaps.size(), "?")) + ")) ORDER BY " + index + " ASC";
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setLong(1, Collections.min(gaps));
        statement.setLong(2, globalIndex + batchSize);
        statement.setLong(3, globalIndex);
        for (int i = 0; i < gaps.size(); i++) {
            statement.setLong(i + 4, gaps.get(i));
        }
        return statement;
    }
}
