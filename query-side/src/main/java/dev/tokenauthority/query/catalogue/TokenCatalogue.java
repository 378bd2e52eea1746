package dev.tokenauthority.query.catalogue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenauthority.events.readmodel.TokenView;
import dev.tokenauthority.events.token.TokenCreated;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * The catalogue read model: one row per token that was not revoked, in the live one of two tables
 * ({@code token_catalogue}, {@code token_catalogue_next}; see {@link LiveTable}). The
 * list and get calls read it; only {@link CatalogueProjection} writes it.
 */
@Repository
public class TokenCatalogue {

    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() { };
    private static final String COLUMNS = "token_id, name, description, labels, region_id, valid_until, "
            + "created_at, last_regenerated_at, expired, role, selector";

    static final String ALL_COLUMNS = "token_id, project_id, region_id, instance_id, name, description, labels,"
            + " created_at, valid_until, last_regenerated_at, expired, role, selector";

    private static final String INSERT_COLUMNS = "token_id, project_id, region_id, instance_id, name,"
            + " description, labels, created_at, valid_until, expired, role, selector";
    private static final String PENDING_INSERTS = TokenCatalogue.class.getName() + ".pendingInserts";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final LiveTable tables;
    private volatile boolean rebuilding;

    public TokenCatalogue(JdbcTemplate jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.tables = new LiveTable(jdbc, "tokens", "token_catalogue", "token_catalogue_next");
    }

    /** The tokens of one instance, or, with {@code instanceId} null, the selector tokens of the project and region. */
    public List<TokenView> list(String projectId, String regionId, String instanceId) {
        if (instanceId == null) {
            return jdbc.query("SELECT " + COLUMNS + " FROM " + tables.live() + " WHERE project_id = ? AND region_id = ?"
                    + " AND instance_id IS NULL ORDER BY created_at, token_id", rowMapper(), projectId, regionId);
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM " + tables.live()
                        + " WHERE project_id = ? AND region_id = ? AND instance_id = ? ORDER BY created_at, token_id",
                rowMapper(), projectId, regionId, instanceId);
    }

    /** One token under that path: its instance, or, with {@code instanceId} null, its project and region. */
    public Optional<TokenView> find(String projectId, String regionId, String instanceId, String tokenId) {
        if (instanceId == null) {
            return jdbc.query("SELECT " + COLUMNS + " FROM " + tables.live()
                            + " WHERE token_id = ? AND project_id = ? AND region_id = ? AND instance_id IS NULL",
                    rowMapper(), tokenId, projectId, regionId).stream().findFirst();
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM " + tables.live()
                        + " WHERE token_id = ? AND project_id = ? AND region_id = ? AND instance_id = ?",
                rowMapper(), tokenId, projectId, regionId, instanceId).stream().findFirst();
    }

    void upsert(TokenCreated event) {
        if (rebuilding && CurrentUnitOfWork.isStarted()) {
            // A replay writes a fresh table: collect the batch's rows and insert them in one JDBC batch.
            pendingInserts().add(event);
            return;
        }
        String labelJson = toJson(event.labels());
        String selectorJson = event.isInstanceToken() ? null : toJson(event.selector());
        int updated = jdbc.update("UPDATE " + table() + " SET project_id = ?, region_id = ?, instance_id = ?,"
                        + " name = ?, description = ?, labels = ?, created_at = ?, valid_until = ?,"
                        + " last_regenerated_at = NULL, expired = FALSE, role = ?, selector = ? WHERE token_id = ?",
                event.projectId(), event.regionId(), event.instanceId(), event.name(), event.description(), labelJson,
                utc(event.createdAt()), utc(event.validUntil()), event.role().value(), selectorJson, event.tokenId());
        if (updated == 0) {
            jdbc.update("INSERT INTO " + table() + " (" + INSERT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?, ?)",
                    insertValues(event));
        }
    }

    private Object[] insertValues(TokenCreated event) {
        return new Object[] {event.tokenId(), event.projectId(), event.regionId(), event.instanceId(), event.name(),
                event.description(), toJson(event.labels()), utc(event.createdAt()), utc(event.validUntil()),
                event.role().value(), event.isInstanceToken() ? null : toJson(event.selector())};
    }

    /** The rows this batch of the replay created so far; inserted before any other write and at commit. */
    private List<TokenCreated> pendingInserts() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(PENDING_INSERTS, key -> {
            List<TokenCreated> pending = new ArrayList<>();
            unitOfWork.onPrepareCommit(u -> flush(pending));
            return pending;
        });
    }

    private void flushPendingInserts() {
        if (rebuilding && CurrentUnitOfWork.isStarted()) {
            List<TokenCreated> pending = CurrentUnitOfWork.get().root().getResource(PENDING_INSERTS);
            if (pending != null) {
                flush(pending);
            }
        }
    }

    private void flush(List<TokenCreated> pending) {
        if (!pending.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO " + table() + " (" + INSERT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?, ?)",
                    pending.stream().map(this::insertValues).toList());
            pending.clear();
        }
    }

    void rename(String tokenId, String name, String description) {
        flushPendingInserts();
        jdbc.update("UPDATE " + table() + " SET name = ?, description = ? WHERE token_id = ?",
                name, description, tokenId);
    }

    void regenerated(String tokenId, Instant at) {
        flushPendingInserts();
        jdbc.update("UPDATE " + table() + " SET last_regenerated_at = ? WHERE token_id = ?", utc(at), tokenId);
    }

    void expired(String tokenId) {
        flushPendingInserts();
        jdbc.update("UPDATE " + table() + " SET expired = TRUE WHERE token_id = ?", tokenId);
    }

    void remove(String tokenId) {
        flushPendingInserts();
        jdbc.update("DELETE FROM " + table() + " WHERE token_id = ?", tokenId);
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
        flushPendingInserts();
        tables.promoteStandby();
        rebuilding = false;
    }

    /** The table the list and get calls read. */
    public String liveTable() {
        return tables.live();
    }

    public boolean isRebuilding() {
        return rebuilding;
    }

    private String table() {
        return rebuilding ? tables.standby() : tables.live();
    }

    private RowMapper<TokenView> rowMapper() {
        Instant now = clock.instant();
        return (ResultSet rs, int row) -> {
            Instant validUntil = instant(rs, "valid_until");
            // The expiry deadline may still be on its way: the clock decides what the state is.
            boolean inactive = rs.getBoolean("expired") || !now.isBefore(validUntil);
            return new TokenView(rs.getString("token_id"), rs.getString("name"), rs.getString("description"),
                    fromJson(rs.getString("labels")), rs.getString("region_id"),
                    inactive ? TokenView.INACTIVE : TokenView.ACTIVE, validUntil, instant(rs, "created_at"),
                    instant(rs, "last_regenerated_at"), rs.getString("role"),
                    rs.getString("selector") == null ? null : fromJson(rs.getString("selector")));
        };
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    String toJson(Map<String, String> labels) {
        try {
            return json.writeValueAsString(labels);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("labels are plain strings and always serialise", e);
        }
    }

    Map<String, String> fromJson(String labels) {
        try {
            return json.readValue(labels, LABELS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the catalogue holds labels it wrote itself", e);
        }
    }
}
