package dev.tokenauthority.query.catalogue;

import static dev.tokenauthority.query.catalogue.TokenCatalogue.instant;
import static dev.tokenauthority.query.catalogue.TokenCatalogue.utc;

import dev.tokenauthority.events.instance.InstanceRegistered;
import dev.tokenauthority.events.readmodel.InstanceView;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * The instance catalogue read model: one row per instance that was not deleted, in table
 * {@code instance_catalogue}. Only {@link InstanceCatalogueProjection} writes it.
 */
@Repository
public class InstanceCatalogue {

    private static final String COLUMNS = "instance_id, name, type, labels, region_id, running, created_at";

    static final String ALL_COLUMNS = "instance_id, project_id, region_id, type, name, labels, running, created_at";

    private final JdbcTemplate jdbc;
    private final TokenCatalogue json; // shares the label (de)serialisation
    private final LiveTable tables;
    private volatile boolean rebuilding;

    public InstanceCatalogue(JdbcTemplate jdbc, TokenCatalogue json) {
        this.jdbc = jdbc;
        this.json = json;
        this.tables = new LiveTable(jdbc, "instances", "instance_catalogue", "instance_catalogue_next");
    }

    public List<InstanceView> list(String projectId, String regionId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM " + tables.live() + " WHERE project_id = ? AND region_id = ?"
                + " ORDER BY created_at, instance_id", rowMapper(), projectId, regionId);
    }

    public Optional<InstanceView> find(String projectId, String regionId, String instanceId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM " + tables.live()
                        + " WHERE instance_id = ? AND project_id = ? AND region_id = ?",
                rowMapper(), instanceId, projectId, regionId).stream().findFirst();
    }

    void upsert(InstanceRegistered event) {
        String labels = json.toJson(event.labels());
        if (jdbc.update("UPDATE " + table() + " SET project_id = ?, region_id = ?, type = ?, name = ?, labels = ?,"
                        + " running = TRUE, created_at = ? WHERE instance_id = ?", event.projectId(), event.regionId(),
                event.type().value(), event.name(), labels, utc(event.registeredAt()), event.instanceId()) == 0) {
            jdbc.update("INSERT INTO " + table() + " (instance_id, project_id, region_id, type, name, labels, running,"
                            + " created_at) VALUES (?, ?, ?, ?, ?, ?, TRUE, ?)", event.instanceId(), event.projectId(),
                    event.regionId(), event.type().value(), event.name(), labels, utc(event.registeredAt()));
        }
    }

    void relabel(String instanceId, Map<String, String> labels) {
        jdbc.update("UPDATE " + table() + " SET labels = ? WHERE instance_id = ?", json.toJson(labels), instanceId);
    }

    void running(String instanceId, boolean running) {
        jdbc.update("UPDATE " + table() + " SET running = ? WHERE instance_id = ?", running, instanceId);
    }

    void remove(String instanceId) {
        jdbc.update("DELETE FROM " + table() + " WHERE instance_id = ?", instanceId);
    }

    /** Before a replay, outside any transaction: empties the table the replay will write, fast. */
    public void prepareRebuild() {
        tables.truncateStandby();
    }

    /** A replay rebuilds into the standby table; the API keeps reading the live one. */
    void beginRebuild() {
        jdbc.update("DELETE FROM " + tables.standby());
        rebuilding = true;
    }

    /** The rebuilt table becomes the live one; call inside the transaction that swaps the whole catalogue. */
    public void completeRebuild() {
        tables.promoteStandby();
        rebuilding = false;
    }

    public boolean isRebuilding() {
        return rebuilding;
    }

    /** The table the list and get calls read. */
    public String liveTable() {
        return tables.live();
    }

    private String table() {
        return rebuilding ? tables.standby() : tables.live();
    }

    private RowMapper<InstanceView> rowMapper() {
        return (ResultSet rs, int row) -> new InstanceView(rs.getString("instance_id"), rs.getString("name"),
                rs.getString("type"), json.fromJson(rs.getString("labels")), rs.getString("region_id"),
                rs.getBoolean("running") ? InstanceView.RUNNING : InstanceView.STOPPED, instant(rs, "created_at"));
    }
}
