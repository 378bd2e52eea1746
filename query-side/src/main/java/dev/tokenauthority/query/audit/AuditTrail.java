package dev.tokenauthority.query.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenauthority.query.batch.InChunks;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** The audit index, table {@code audit_entry}: written by {@link AuditTrailProjection}, read by the audit API. */
@Repository
public class AuditTrail {

    private static final TypeReference<Map<String, Object>> CHANGES = new TypeReference<>() { };
    private static final String COLUMNS = "global_index, occurred_at, event_type, project_id, region_id, instance_id,"
            + " token_id, actor, client_address, request_id, changes";

    /** Which project, region, instance and token an event concerns. */
    record Subject(String projectId, String regionId, String instanceId, String tokenId) {
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public AuditTrail(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Inserts the entries in one JDBC batch; an entry whose position is already indexed (a redelivery) is left as
     * it is.
     */
    void recordAll(List<AuditEntry> entries) {
        jdbc.batchUpdate("INSERT INTO audit_entry (" + COLUMNS + ") SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
                        + " FROM (VALUES (0)) AS one (x) WHERE NOT EXISTS (SELECT 1 FROM audit_entry WHERE global_index = ?)",
                entries.stream().map(entry -> new Object[] {entry.position(), entry.time().atOffset(ZoneOffset.UTC),
                        entry.eventType(), entry.projectId(), entry.regionId(), entry.instanceId(), entry.tokenId(),
                        entry.actor(), entry.clientAddress(), entry.requestId(), toJson(entry.changes()),
                        entry.position()}).toList());
    }

    /** The subjects of these tokens, from their indexed {@code TokenCreated}; a token not indexed is absent. */
    Map<String, Subject> subjectsOfTokens(Collection<String> tokenIds) {
        return subjects("SELECT project_id, region_id, instance_id, token_id FROM audit_entry"
                + " WHERE event_type = 'TokenCreated' AND token_id IN (%s)", tokenIds, Subject::tokenId);
    }

    /** The subjects of these instances, from their indexed {@code InstanceRegistered}. */
    Map<String, Subject> subjectsOfInstances(Collection<String> instanceIds) {
        return subjects("SELECT project_id, region_id, instance_id, NULL FROM audit_entry"
                + " WHERE event_type = 'InstanceRegistered' AND instance_id IN (%s)", instanceIds, Subject::instanceId);
    }

    private Map<String, Subject> subjects(String sql, Collection<String> ids, Function<Subject, String> key) {
        Map<String, Subject> found = new HashMap<>();
        InChunks.query(jdbc, sql, ids, rs -> {
            Subject subject = new Subject(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
            found.put(key.apply(subject), subject);
        });
        return found;
    }

    void clear() {
        jdbc.update("DELETE FROM audit_entry");
    }

    /** One page in reading order; one more entry than asked is fetched to know whether a next page exists. */
    public List<AuditEntry> page(AuditQuery query) {
        List<Object> args = new ArrayList<>();
        String sql = select(query, args) + " LIMIT ?";
        args.add(query.pageSize() + 1);
        return jdbc.query(sql, rowMapper(), args.toArray());
    }

    /** Every matching entry, oldest first, handed over one at a time: nothing is buffered. */
    public void each(AuditQuery query, Consumer<AuditEntry> sink) {
        List<Object> args = new ArrayList<>();
        String sql = select(query, args);
        RowMapper<AuditEntry> mapper = rowMapper();
        jdbc.query(connection -> {
            var statement = connection.prepareStatement(sql);
            statement.setFetchSize(500);
            for (int i = 0; i < args.size(); i++) {
                statement.setObject(i + 1, args.get(i));
            }
            return statement;
        }, (ResultSet rs) -> sink.accept(mapper.mapRow(rs, 0)));
    }

    private static String select(AuditQuery query, List<Object> args) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_entry WHERE project_id = ?");
        args.add(query.projectId());
        if (query.regionId() != null) {
            sql.append(" AND region_id = ?");
            args.add(query.regionId());
        }
        if (query.instanceId() != null) {
            sql.append(" AND instance_id = ?");
            args.add(query.instanceId());
        }
        if (query.tokenId() != null) {
            sql.append(" AND token_id = ?");
            args.add(query.tokenId());
        }
        if (query.from() != null) {
            sql.append(" AND occurred_at >= ?");
            args.add(query.from().atOffset(ZoneOffset.UTC));
        }
        if (query.to() != null) {
            sql.append(" AND occurred_at < ?");
            args.add(query.to().atOffset(ZoneOffset.UTC));
        }
        if (query.eventTypes() != null && !query.eventTypes().isEmpty()) {
            sql.append(" AND event_type IN (").append("?, ".repeat(query.eventTypes().size() - 1)).append("?)");
            args.addAll(query.eventTypes());
        }
        if (query.actor() != null) {
            sql.append(" AND actor = ?");
            args.add(query.actor());
        }
        if (query.after() != null) {
            sql.append(query.newestFirst() ? " AND global_index < ?" : " AND global_index > ?");
            args.add(query.after());
        }
        sql.append(" ORDER BY global_index ").append(query.newestFirst() ? "DESC" : "ASC");
        return sql.toString();
    }

    private RowMapper<AuditEntry> rowMapper() {
        return (ResultSet rs, int row) -> new AuditEntry(rs.getLong("global_index"),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), rs.getString("event_type"),
                rs.getString("project_id"), rs.getString("region_id"), rs.getString("instance_id"),
                rs.getString("token_id"), rs.getString("actor"), rs.getString("client_address"),
                rs.getString("request_id"), fromJson(rs.getString("changes")));
    }

    private String toJson(Map<String, Object> changes) {
        try {
            return json.writeValueAsString(changes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("changes are plain values and always serialise", e);
        }
    }

    private Map<String, Object> fromJson(String changes) {
        try {
            return json.readValue(changes, CHANGES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the audit index holds changes it wrote itself", e);
        }
    }

}
