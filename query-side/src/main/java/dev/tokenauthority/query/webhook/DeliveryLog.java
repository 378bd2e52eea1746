package dev.tokenauthority.query.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * {@code webhook_delivery}: one row per event and webhook, its body as signed and sent (the same on every attempt),
 * and where it stands: {@code pending} (an attempt is queued), {@code delivered} (a 2xx), {@code failed} (every
 * attempt failed) or {@code dropped} (the webhook was removed first). Each attempt leaves its time, the status the
 * receiver answered or the error, and the next attempt's time.
 */
@Repository
class DeliveryLog {

    static final String PENDING = "pending";
    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";
    static final String DROPPED = "dropped";

    /** A delivery as the log holds it. */
    record Delivery(String id, String webhookId, String projectId, String eventType, String tokenId, String body,
                    Instant createdAt, String status, int attempts, Instant lastAttemptAt, Integer lastStatusCode,
                    String lastError, Instant deliveredAt, Instant nextAttemptAt) {
    }

    private final JdbcTemplate jdbc;

    DeliveryLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A new pending delivery; {@code false} if it is logged already (its event handled again). */
    boolean createIfAbsent(String id, String webhookId, String projectId, String eventType, String tokenId, String body,
                           Instant createdAt) {
        if (find(id).isPresent()) {
            return false;
        }
        try {
            jdbc.update("INSERT INTO webhook_delivery (delivery_id, webhook_id, project_id, event_type, token_id, body, "
                            + "created_at, status, attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
                    id, webhookId, projectId, eventType, tokenId, body, utc(createdAt), PENDING, utc(createdAt));
            return true;
        } catch (DuplicateKeyException handledTwice) {
            return false;
        }
    }

    Optional<Delivery> find(String id) {
        return jdbc.query("SELECT * FROM webhook_delivery WHERE delivery_id = ?", DeliveryLog::delivery, id)
                .stream().findFirst();
    }

    /** The webhook's deliveries, newest first. */
    List<Delivery> of(String webhookId, int limit) {
        return jdbc.query("SELECT * FROM webhook_delivery WHERE webhook_id = ? ORDER BY created_at DESC, delivery_id "
                + "FETCH FIRST " + limit + " ROWS ONLY", DeliveryLog::delivery, webhookId);
    }

    /** One attempt's outcome: the new status, and when the next attempt is ({@code null}: none). */
    void attempted(String id, int attempts, Instant at, Integer statusCode, String error, String status,
                   Instant nextAttemptAt) {
        jdbc.update("UPDATE webhook_delivery SET attempts = ?, last_attempt_at = ?, last_status_code = ?, last_error = ?, "
                        + "status = ?, delivered_at = ?, next_attempt_at = ? WHERE delivery_id = ? AND status = ?",
                attempts, utc(at), statusCode, error, status, DELIVERED.equals(status) ? utc(at) : null, utc(nextAttemptAt),
                id, PENDING);
    }

    /** Gives up the webhook's pending deliveries (it was removed). */
    void dropPending(String webhookId) {
        jdbc.update("UPDATE webhook_delivery SET status = ?, next_attempt_at = NULL WHERE webhook_id = ? AND status = ?",
                DROPPED, webhookId, PENDING);
    }

    private static Delivery delivery(ResultSet rs, int row) throws SQLException {
        return new Delivery(rs.getString("delivery_id"), rs.getString("webhook_id"), rs.getString("project_id"),
                rs.getString("event_type"), rs.getString("token_id"), rs.getString("body"), instant(rs, "created_at"),
                rs.getString("status"), rs.getInt("attempts"), instant(rs, "last_attempt_at"),
                rs.getObject("last_status_code", Integer.class), rs.getString("last_error"), instant(rs, "delivered_at"),
                instant(rs, "next_attempt_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }
}
