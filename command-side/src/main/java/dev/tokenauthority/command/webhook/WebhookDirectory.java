package dev.tokenauthority.command.webhook;

import dev.tokenauthority.events.webhook.WebhookRegistered;
import dev.tokenauthority.events.webhook.WebhookRemoved;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * The command side's table of webhooks, written in the transaction of their events (a subscribing processor, like
 * the project policies): what {@code GET …/webhooks} shows is what was registered the moment the call returned.
 */
@Component
@ProcessingGroup(WebhookDirectory.PROCESSING_GROUP)
public class WebhookDirectory {

    static final String PROCESSING_GROUP = "webhook-directory";

    /** A registered webhook, as the API shows it (never its secret). */
    public record Entry(String id, String projectId, String url, String description, Instant registeredAt) {
    }

    private static final RowMapper<Entry> ENTRY = (rs, row) -> new Entry(rs.getString("webhook_id"),
            rs.getString("project_id"), rs.getString("url"), rs.getString("description"),
            rs.getObject("registered_at", OffsetDateTime.class).toInstant());

    private final JdbcTemplate jdbc;

    WebhookDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(WebhookRegistered event) {
        jdbc.update("INSERT INTO webhook (webhook_id, project_id, url, description, registered_at) VALUES (?, ?, ?, ?, ?)",
                event.webhookId(), event.projectId(), event.url(), event.description(),
                event.registeredAt().atOffset(ZoneOffset.UTC));
    }

    @EventHandler
    void on(WebhookRemoved event) {
        jdbc.update("DELETE FROM webhook WHERE webhook_id = ?", event.webhookId());
    }

    /** The project's webhooks, oldest first. */
    public List<Entry> of(String projectId) {
        return jdbc.query("SELECT * FROM webhook WHERE project_id = ? ORDER BY registered_at, webhook_id", ENTRY, projectId);
    }

    public Optional<Entry> find(String projectId, String webhookId) {
        return jdbc.query("SELECT * FROM webhook WHERE project_id = ? AND webhook_id = ?", ENTRY, projectId, webhookId)
                .stream().findFirst();
    }
}
