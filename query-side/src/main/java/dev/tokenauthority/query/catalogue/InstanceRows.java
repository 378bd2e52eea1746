package dev.tokenauthority.query.catalogue;

import static dev.tokenauthority.query.catalogue.TokenCatalogue.utc;

import dev.tokenauthority.events.instance.InstanceRegistered;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes the instance catalogue's rows into one of its two tables (see {@link TokenRows}), each batch's at its
 * commit ({@link BatchedStatements}); every write idempotent.
 */
final class InstanceRows {

    private final JdbcTemplate jdbc;
    private final TokenCatalogue json;
    private final Supplier<String> table;
    private final BatchedStatements statements;

    InstanceRows(JdbcTemplate jdbc, TokenCatalogue json, Supplier<String> table) {
        this.jdbc = jdbc;
        this.json = json;
        this.table = table;
        this.statements = new BatchedStatements(jdbc);
    }

    void upsert(InstanceRegistered event) {
        statements.flush(); // the update's count decides
        String labels = json.toJson(event.labels());
        if (jdbc.update("UPDATE " + table.get() + " SET project_id = ?, region_id = ?, type = ?, name = ?, labels = ?,"
                        + " running = TRUE, created_at = ? WHERE instance_id = ?", event.projectId(), event.regionId(),
                event.type().value(), event.name(), labels, utc(event.registeredAt()), event.instanceId()) == 0) {
            jdbc.update("INSERT INTO " + table.get() + " (instance_id, project_id, region_id, type, name, labels, running,"
                            + " created_at) VALUES (?, ?, ?, ?, ?, ?, TRUE, ?)", event.instanceId(), event.projectId(),
                    event.regionId(), event.type().value(), event.name(), labels, utc(event.registeredAt()));
        }
    }

    void relabel(String instanceId, Map<String, String> labels) {
        statements.add("UPDATE " + table.get() + " SET labels = ? WHERE instance_id = ?", json.toJson(labels), instanceId);
    }

    void running(String instanceId, boolean running) {
        statements.add("UPDATE " + table.get() + " SET running = ? WHERE instance_id = ?", running, instanceId);
    }

    void remove(String instanceId) {
        statements.add("DELETE FROM " + table.get() + " WHERE instance_id = ?", instanceId);
    }
}
