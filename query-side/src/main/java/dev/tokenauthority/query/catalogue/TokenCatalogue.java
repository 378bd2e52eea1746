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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * The catalogue read model: one row per token that was not revoked, in table {@code token_catalogue}. The
 * list and get calls read it; only {@link CatalogueProjection} writes it.
 */
@Repository
public class TokenCatalogue {

    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() { };
    private static final String COLUMNS = "token_id, name, description, labels, region_id, valid_until, "
            + "created_at, last_regenerated_at, expired, role, selector";

    static final String ALL_COLUMNS = "token_id, project_id, region_id, instance_id, name, description, labels,"
            + " created_at, valid_until, last_regenerated_at, expired, role, selector";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private volatile boolean rebuilding;

    public TokenCatalogue(JdbcTemplate jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** The tokens of one instance, or, with {@code instanceId} null, the selector tokens of the project and region. */
    public List<TokenView> list(String projectId, String regionId, String instanceId) {
        if (instanceId == null) {
            return jdbc.query("SELECT " + COLUMNS + " FROM token_catalogue WHERE project_id = ? AND region_id = ?"
                    + " AND instance_id IS NULL ORDER BY created_at, token_id", rowMapper(), projectId, regionId);
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM token_catalogue"
                        + " WHERE project_id = ? AND region_id = ? AND instance_id = ? ORDER BY created_at, token_id",
                rowMapper(), projectId, regionId, instanceId);
    }

    /** One token under that path: its instance, or, with {@code instanceId} null, its project and region. */
    public Optional<TokenView> find(String projectId, String regionId, String instanceId, String tokenId) {
        if (instanceId == null) {
            return jdbc.query("SELECT " + COLUMNS + " FROM token_catalogue"
                            + " WHERE token_id = ? AND project_id = ? AND region_id = ? AND instance_id IS NULL",
                    rowMapper(), tokenId, projectId, regionId).stream().findFirst();
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM token_catalogue"
                        + " WHERE token_id = ? AND project_id = ? AND region_id = ? AND instance_id = ?",
                rowMapper(), tokenId, projectId, regionId, instanceId).stream().findFirst();
    }

    void upsert(TokenCreated event) {
        String labelJson = toJson(event.labels());
        String selectorJson = event.isInstanceToken() ? null : toJson(event.selector());
        int updated = jdbc.update("UPDATE " + table() + " SET project_id = ?, region_id = ?, instance_id = ?,"
                        + " name = ?, description = ?, labels = ?, created_at = ?, valid_until = ?,"
                        + " last_regenerated_at = NULL, expired = FALSE, role = ?, selector = ? WHERE token_id = ?",
                event.projectId(), event.regionId(), event.instanceId(), event.name(), event.description(), labelJson,
                utc(event.createdAt()), utc(event.validUntil()), event.role().value(), selectorJson, event.tokenId());
        if (updated == 0) {
            jdbc.update("INSERT INTO " + table() + " (token_id, project_id, region_id, instance_id, name,"
                            + " description, labels, created_at, valid_until, expired, role, selector)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?, ?)",
                    event.tokenId(), event.projectId(), event.regionId(), event.instanceId(), event.name(),
                    event.description(), labelJson, utc(event.createdAt()), utc(event.validUntil()),
                    event.role().value(), selectorJson);
        }
    }

    void rename(String tokenId, String name, String description) {
        jdbc.update("UPDATE " + table() + " SET name = ?, description = ? WHERE token_id = ?",
                name, description, tokenId);
    }

    void regenerated(String tokenId, Instant at) {
        jdbc.update("UPDATE " + table() + " SET last_regenerated_at = ? WHERE token_id = ?", utc(at), tokenId);
    }

    void expired(String tokenId) {
        jdbc.update("UPDATE " + table() + " SET expired = TRUE WHERE token_id = ?", tokenId);
    }

    void remove(String tokenId) {
        jdbc.update("DELETE FROM " + table() + " WHERE token_id = ?", tokenId);
    }

    /** A replay rebuilds into {@code token_catalogue_next}; the API keeps reading {@code token_catalogue}. */
    void beginRebuild() {
        jdbc.update("DELETE FROM token_catalogue_next");
        rebuilding = true;
    }

    /** The rebuilt rows replace the live ones; call inside the transaction that swaps the whole catalogue. */
    public void completeRebuild() {
        jdbc.update("DELETE FROM token_catalogue");
        jdbc.update("INSERT INTO token_catalogue (" + ALL_COLUMNS + ") SELECT " + ALL_COLUMNS + " FROM token_catalogue_next");
        jdbc.update("DELETE FROM token_catalogue_next");
        rebuilding = false;
    }

    public boolean isRebuilding() {
        return rebuilding;
    }

    private String table() {
        return rebuilding ? "token_catalogue_next" : "token_catalogue";
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
