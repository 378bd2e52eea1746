package dev.tokenauthority.query.catalogue;

import static dev.tokenauthority.query.catalogue.TokenCatalogue.instant;

import dev.tokenauthority.events.readmodel.InstanceView;
import dev.tokenauthority.query.paging.Keyset;
import dev.tokenauthority.query.paging.ListFilter;
import dev.tokenauthority.query.paging.Page;
import dev.tokenauthority.query.paging.PageRequest;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * The instance catalogue read model: one row per instance that was not deleted, in table
 * {@code instance_catalogue} (or its twin, see {@link LiveTable}). Only {@link InstanceCatalogueProjection} writes
 * it, through {@link InstanceRows}.
 */
@Repository
public class InstanceCatalogue {

    private static final String COLUMNS = "instance_id, name, type, labels, region_id, running, created_at";

    private final JdbcTemplate jdbc;
    private final TokenCatalogue json; // shares the label (de)serialisation
    private final LiveTable tables;
    private final InstanceRows liveRows;

    public InstanceCatalogue(JdbcTemplate jdbc, TokenCatalogue json) {
        this.jdbc = jdbc;
        this.json = json;
        this.tables = new LiveTable(jdbc, "instances", "instance_catalogue", "instance_catalogue_next");
        this.liveRows = new InstanceRows(jdbc, json, tables::live);
    }

    public List<InstanceView> list(String projectId, String regionId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM " + tables.live() + " WHERE project_id = ? AND region_id = ?"
                + " ORDER BY created_at, instance_id", rowMapper(), projectId, regionId);
    }

    /** A page of {@link #list}, filtered by state (running, stopped), name prefix and labels. */
    public Page<InstanceView> page(String projectId, String regionId, ListFilter filter, PageRequest request) {
        StringBuilder where = new StringBuilder(" WHERE project_id = ? AND region_id = ?");
        List<Object> arguments = new ArrayList<>(List.of(projectId, regionId));
        if (filter.state() != null) {
            where.append(" AND running = ?");
            arguments.add(filter.state().equals(InstanceView.RUNNING));
        }
        if (filter.namePrefix() != null) {
            where.append(" AND name LIKE ? ESCAPE '!'");
            arguments.add(filter.namePattern());
        }
        return Page.collect(request,
                (after, limit) -> jdbc.query("SELECT " + COLUMNS + " FROM " + tables.live() + where
                        + Keyset.after(after, "instance_id"), rowMapper(), Keyset.arguments(arguments, after, limit)),
                instance -> filter.matchesLabels(instance.labels()),
                instance -> new PageRequest.Cursor(instance.createdAt(), instance.id()));
    }

    public Optional<InstanceView> find(String projectId, String regionId, String instanceId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM " + tables.live()
                        + " WHERE instance_id = ? AND project_id = ? AND region_id = ?",
                rowMapper(), instanceId, projectId, regionId).stream().findFirst();
    }

    /** Writes the rows the list and get calls read (the live processor's projection). */
    InstanceRows liveRows() {
        return liveRows;
    }

    /** Empties the standby table, outside any transaction, and answers a writer for it: where a rebuild writes. */
    InstanceRows rebuildRows() {
        tables.truncateStandby();
        String standby = tables.standby();
        return new InstanceRows(jdbc, json, () -> standby);
    }

    /** The rebuilt table becomes the live one, for this node once the surrounding transaction commits. */
    void promoteRebuilt() {
        tables.promoteStandby();
    }

    /** The table the list and get calls read. */
    String liveTable() {
        return tables.live();
    }

    /** The other one: being rebuilt, or, after a switch, the one it replaced. */
    String standbyTable() {
        return tables.standby();
    }

    private RowMapper<InstanceView> rowMapper() {
        return (ResultSet rs, int row) -> new InstanceView(rs.getString("instance_id"), rs.getString("name"),
                rs.getString("type"), json.fromJson(rs.getString("labels")), rs.getString("region_id"),
                rs.getBoolean("running") ? InstanceView.RUNNING : InstanceView.STOPPED, instant(rs, "created_at"));
    }
}
