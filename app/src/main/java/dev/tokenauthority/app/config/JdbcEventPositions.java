package dev.tokenauthority.app.config;

import dev.tokenauthority.command.web.EventPositions;
import dev.tokenauthority.query.audit.EventStorePositions;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Event positions read from the JDBC event store whose schema {@link AxonConfiguration} defines. */
@Component
class JdbcEventPositions implements EventPositions, EventStorePositions {

    private static final int CHUNK = 500;

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

    /** In chunks of {@value #CHUNK} identifiers: one statement each, well within every driver's parameter limit. */
    @Override
    public Map<String, Long> positionsOf(Collection<String> eventIdentifiers) {
        Map<String, Long> positions = new HashMap<>();
        List<String> all = List.copyOf(eventIdentifiers);
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            jdbc.query(byIdentifiers.formatted(String.join(", ", Collections.nCopies(chunk.size(), "?"))),
                    (ResultSet rs) -> {
                        positions.put(rs.getString(1), rs.getLong(2));
                    }, chunk.toArray());
        }
        return positions;
    }

    @Override
    public long latestOf(String aggregateId) {
        Long position = jdbc.queryForObject(sql, Long.class, aggregateId);
        return position == null ? -1 : position;
    }
}
