package dev.tokenauthority.app.config;

import dev.tokenauthority.command.web.EventPositions;
import dev.tokenauthority.query.audit.EventStorePositions;
import dev.tokenauthority.query.batch.InChunks;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Event positions read from the JDBC event store whose schema {@link AxonConfiguration} defines. */
@Component
class JdbcEventPositions implements EventPositions, EventStorePositions {

    private final JdbcTemplate jdbc;
    private final String sql;
    private final String byIdentifiers;

    JdbcEventPositions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        var schema = AxonConfiguration.eventSchema();
        // served by the unique (aggregate_identifier, sequence_number) index
        this.sql = "SELECT MAX(" + schema.globalIndexColumn() + ") FROM " + schema.domainEventTable()
                + " WHERE " + schema.aggregateIdentifierColumn() + " = ?";
        // served by the unique event_identifier index
        this.byIdentifiers = "SELECT " + schema.eventIdentifierColumn() + ", " + schema.globalIndexColumn()
                + " FROM " + schema.domainEventTable() + " WHERE " + schema.eventIdentifierColumn() + " IN (%s)";
    }

    @Override
    public Map<String, Long> positionsOf(Collection<String> eventIdentifiers) {
        Map<String, Long> positions = new HashMap<>();
        InChunks.query(jdbc, byIdentifiers, eventIdentifiers, rs -> {
            positions.put(rs.getString(1), rs.getLong(2));
        });
        return positions;
    }

    @Override
    public long latestOf(String aggregateId) {
        Long position = jdbc.queryForObject(sql, Long.class, aggregateId);
        return position == null ? -1 : position;
    }
}
