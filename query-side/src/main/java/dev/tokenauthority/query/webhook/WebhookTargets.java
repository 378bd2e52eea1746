package dev.tokenauthority.query.webhook;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * {@code webhook_target}: the webhooks as the delivery processor has met them in the event stream, so a warning goes
 * to the webhooks registered before it, in the order of the events, on whichever node delivers it.
 */
@Repository
class WebhookTargets {

    /** Where a webhook posts; {@code removed}: it gets nothing any more. */
    record Target(String webhookId, String projectId, String url, boolean removed) {
    }

    private static final RowMapper<Target> TARGET = (rs, row) -> new Target(rs.getString("webhook_id"),
            rs.getString("project_id"), rs.getString("url"), rs.getBoolean("removed"));

    private final JdbcTemplate jdbc;

    WebhookTargets(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void add(String webhookId, String projectId, String url) {
        if (find(webhookId).isEmpty()) { // an event handled again after a crash
            jdbc.update("INSERT INTO webhook_target (webhook_id, project_id, url, removed) VALUES (?, ?, ?, FALSE)",
                    webhookId, projectId, url);
        }
    }

    void remove(String webhookId) {
        jdbc.update("UPDATE webhook_target SET removed = TRUE WHERE webhook_id = ?", webhookId);
    }

    List<Target> activeIn(String projectId) {
        return jdbc.query("SELECT * FROM webhook_target WHERE project_id = ? AND removed = FALSE ORDER BY webhook_id",
                TARGET, projectId);
    }

    Optional<Target> find(String webhookId) {
        return jdbc.query("SELECT * FROM webhook_target WHERE webhook_id = ?", TARGET, webhookId).stream().findFirst();
    }
}
