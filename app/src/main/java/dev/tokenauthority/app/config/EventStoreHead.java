package dev.tokenauthority.app.config;

import java.time.Instant;
import java.util.Optional;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The head of the event store and the age of what follows a position: what a processor's lag is measured by. */
@Component
public class EventStoreHead {

    private final JdbcTemplate jdbc;
    private final String headSql;
    private final String timestampAfterSql;

    EventStoreHead(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        EventSchema schema = AxonConfiguration.eventSchema();
        this.headSql = "SELECT COALESCE(MAX(" + schema.globalIndexColumn() + "), -1) FROM " + schema.domainEventTable();
        // served by the global index's primary key: the first row after the position
        this.timestampAfterSql = "SELECT " + schema.timestampColumn() + " FROM " + schema.domainEventTable()
                + " WHERE " + schema.globalIndexColumn() + " > ? ORDER BY " + schema.globalIndexColumn() + " LIMIT 1";
    }

    /** The highest position committed, -1 for an empty store. */
    public long index() {
        Long head = jdbc.queryForObject(headSql, Long.class);
        return head == null ? -1 : head;
    }

    /** When the first event committed after {@code position} was recorded; empty when there is none. */
    public Optional<Instant> timestampAfter(long position) {
        return jdbc.query(timestampAfterSql, rows -> rows.next() ? Optional.ofNullable(parse(rows.getString(1)))
                : Optional.<Instant>empty(), position);
    }

    private static Instant parse(String text) {
        Instant parsed = UtcTimestamps.parseOrNull(text);
        return parsed != null ? parsed : Instant.parse(text);
    }
}
