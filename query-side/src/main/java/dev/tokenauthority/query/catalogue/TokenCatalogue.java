package dev.tokenauthority.query.catalogue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenauthority.events.access.Labels;
import dev.tokenauthority.events.readmodel.FindTokensMatching;
import dev.tokenauthority.events.readmodel.MatchingToken;
import dev.tokenauthority.events.readmodel.TokenView;
import dev.tokenauthority.query.paging.Keyset;
import dev.tokenauthority.query.paging.ListFilter;
import dev.tokenauthority.query.paging.Page;
import dev.tokenauthority.query.paging.PageRequest;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * The catalogue read model: one row per token that was not revoked, in the live one of two tables
 * ({@code token_catalogue}, {@code token_catalogue_next}; see {@link LiveTable}). The
 * list and get calls read it; only {@link CatalogueProjection} writes it, through {@link TokenRows}: the live
 * processor's into the live table, a rebuild's into the other.
 */
@Repository
public class TokenCatalogue {

    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() { };
    private static final String COLUMNS = "token_id, name, description, labels, region_id, valid_until, "
            + "created_at, last_regenerated_at, expired, role, selector, leak_reported_at, superseded_used_at, "
            + "superseded_uses, superseded_used_from, superseded_used_through, expiry_warned_lead_seconds, expiry_warned_at, "
            + "allowed_networks, disallowed_used_at, disallowed_uses, disallowed_used_from, disallowed_used_through";


    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final LiveTable tables;
    private final TokenRows liveRows;

    public TokenCatalogue(JdbcTemplate jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.tables = new LiveTable(jdbc, "tokens", "token_catalogue", "token_catalogue_next");
        this.liveRows = new TokenRows(jdbc, this, tables::live, false);
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

    /**
     * A page of {@link #list}, filtered: by state ({@code active}: neither expired nor past its lifetime), name
     * prefix (in SQL) and labels (in memory; more rows are read while they leave the page short).
     */
    public Page<TokenView> page(String projectId, String regionId, String instanceId, ListFilter filter,
                                PageRequest request) {
        StringBuilder where = new StringBuilder(" WHERE project_id = ? AND region_id = ? AND instance_id ")
                .append(instanceId == null ? "IS NULL" : "= ?");
        List<Object> arguments = new ArrayList<>(List.of(projectId, regionId));
        if (instanceId != null) {
            arguments.add(instanceId);
        }
        if (filter.state() != null) {
            // as rowMapper decides a token's state: the clock, not only the expiry deadline
            where.append(filter.state().equals(TokenView.ACTIVE) ? " AND expired = FALSE AND valid_until > ?"
                    : " AND (expired = TRUE OR valid_until <= ?)");
            arguments.add(utc(clock.instant()));
        }
        if (filter.namePrefix() != null) {
            where.append(" AND name LIKE ? ESCAPE '!'");
            arguments.add(filter.namePattern());
        }
        return Page.collect(request,
                (after, limit) -> jdbc.query("SELECT " + COLUMNS + " FROM " + tables.live() + where
                        + Keyset.after(after, "token_id"), rowMapper(), Keyset.arguments(arguments, after, limit)),
                token -> filter.matchesLabels(token.labels()),
                token -> new PageRequest.Cursor(token.createdAt(), token.id()));
    }

    /**
     * Active tokens whose {@code validUntil} falls after {@code now + shorter} and at most {@code now + lead}, that live
     * longer than {@code lead} (a token issued for less was known to be short: no warning that it ends) and that were
     * not yet warned of {@code lead} or a closer lead time: what the expiry-warning sweep warns, soonest first.
     */
    public List<String> dueForExpiryWarning(Instant now, java.time.Duration shorter, java.time.Duration lead, int limit) {
        return jdbc.queryForList("SELECT token_id FROM " + tables.live() + " WHERE expired = FALSE AND valid_until > ?"
                        + " AND valid_until > ? AND valid_until <= ? AND created_at < valid_until - CAST(? AS BIGINT) * INTERVAL '1' SECOND"
                        + " AND (expiry_warned_lead_seconds IS NULL OR expiry_warned_lead_seconds > ?)"
                        + " ORDER BY valid_until LIMIT ?", String.class,
                utc(now), utc(now.plus(shorter)), utc(now.plus(lead)), lead.toSeconds(), lead.toSeconds(), limit);
    }

    /** Active tokens whose {@code validUntil} is at or before {@code dueBefore}, soonest first, at most {@code limit}. */
    public List<String> overdueForExpiry(Instant dueBefore, int limit) {
        return jdbc.queryForList("SELECT token_id FROM " + tables.live() + " WHERE expired = FALSE AND valid_until <= ?"
                + " ORDER BY valid_until LIMIT ?", String.class, utc(dueBefore), limit);
    }

    /**
     * The tokens a bulk revocation would take ({@link FindTokensMatching}) but for their use, oldest first, at most
     * {@code limit + 1}: name prefix and creation time in SQL, labels in memory (a token has few).
     */

    public List<MatchingToken> matching(FindTokensMatching query) {
        StringBuilder where = new StringBuilder(" WHERE project_id = ? AND region_id = ?");
        List<Object> arguments = new ArrayList<>(List.of(query.projectId(), query.regionId()));
        if (query.instanceId() != null) {
            where.append(" AND instance_id = ?");
            arguments.add(query.instanceId());
        }
        if (query.namePrefix() != null) {
            where.append(" AND name LIKE ? ESCAPE '!'");
            arguments.add(new ListFilter(null, query.namePrefix(), Map.of()).namePattern());
        }
        List<MatchingToken> found = new ArrayList<>();
        Instant now = clock.instant();
        if (query.unusedSince() != null) {
            where.append(" AND created_at < ?");
            arguments.add(utc(query.unusedSince()));
        }
        jdbc.query("SELECT token_id, instance_id, name, labels, expired, valid_until, created_at FROM " + tables.live()
                + where + " ORDER BY created_at, token_id", (ResultSet rs) -> {
            if (found.size() <= query.limit() && Labels.matches(query.labels(), fromJson(rs.getString("labels")))) {
                found.add(new MatchingToken(rs.getString("token_id"), rs.getString("instance_id"), rs.getString("name"),
                        stateOf(rs, now), instant(rs, "created_at"), null));
            }
        }, arguments.toArray());
        return found;
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

    /** Writes the rows the list and get calls read (the live processor's projection). */
    TokenRows liveRows() {
        return liveRows;
    }

    /**
     * Empties the standby table, outside any transaction (a TRUNCATE, fast), and answers a writer for it that inserts
     * each batch's new rows in one JDBC batch: where a rebuild writes, beside the live table.
     */
    TokenRows rebuildRows() {
        tables.truncateStandby();
        String standby = tables.standby();
        return new TokenRows(jdbc, this, () -> standby, true);
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

    private RowMapper<TokenView> rowMapper() {
        Instant now = clock.instant();
        return (ResultSet rs, int row) -> new TokenView(rs.getString("token_id"), rs.getString("name"),
                rs.getString("description"), fromJson(rs.getString("labels")), rs.getString("region_id"), stateOf(rs, now),
                instant(rs, "valid_until"), instant(rs, "created_at"), instant(rs, "last_regenerated_at"),
                rs.getString("role"), rs.getString("selector") == null ? null : fromJson(rs.getString("selector")),
                instant(rs, "leak_reported_at"), null, List.of(), refusedUse(rs, "superseded_used", "superseded_uses"),
                expiryWarning(rs), TokenRows.lines(rs.getString("allowed_networks")),
                refusedUse(rs, "disallowed_used", "disallowed_uses"));
    }

    /** A signal's columns as {@code TokenRows.addSignal} writes them ({@code <prefix>_at|_from|_through}, {@code uses}). */
    private static TokenView.RefusedUse refusedUse(ResultSet rs, String prefix, String uses) throws SQLException {
        Instant at = instant(rs, prefix + "_at");
        return at == null ? null : new TokenView.RefusedUse(at, rs.getLong(uses),
                TokenRows.lines(rs.getString(prefix + "_from")), TokenRows.lines(rs.getString(prefix + "_through")));
    }

    private static TokenView.ExpiryWarning expiryWarning(ResultSet rs) throws SQLException {
        Instant at = instant(rs, "expiry_warned_at");
        return at == null ? null
                : new TokenView.ExpiryWarning(java.time.Duration.ofSeconds(rs.getLong("expiry_warned_lead_seconds")).toString(), at);
    }

    /** The expiry deadline may still be on its way: the clock decides what the state is. */
    private static String stateOf(ResultSet rs, Instant now) throws SQLException {
        boolean inactive = rs.getBoolean("expired") || !now.isBefore(instant(rs, "valid_until"));
        return inactive ? TokenView.INACTIVE : TokenView.ACTIVE;
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
