package dev.tokenauthority.command.webhook;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.tokenauthority.command.naming.DisplayNames;
import dev.tokenauthority.events.webhook.WebhookRegistered;
import dev.tokenauthority.events.webhook.WebhookRemoved;
import java.time.Clock;
import java.util.Objects;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A project's webhook: where the project's token events that go to webhooks are posted. Registered → removed; its
 * URL never changes (a new URL is a new webhook, with a new secret, so that a receiver never gets messages signed
 * for another).
 */
@Aggregate
public class Webhook {

    @AggregateIdentifier
    private String webhookId;
    private String projectId;
    private boolean removed;

    @CommandHandler
    public Webhook(RegisterWebhook command, Clock clock) {
        if (!WebhookUrls.isValid(command.url())) {
            throw rejected(WebhookRejection.INVALID_URL);
        }
        String description = Objects.requireNonNullElse(command.description(), "");
        if (!DisplayNames.isValidDescription(description)) {
            throw rejected(WebhookRejection.INVALID_DESCRIPTION);
        }
        apply(new WebhookRegistered(command.webhookId(), command.projectId(), command.url(), description, clock.instant()));
    }

    @CommandHandler
    public void handle(RemoveWebhook command, Clock clock) {
        // Another project's webhook, a removed one, or another aggregate's stream (every field unset): not found.
        if (removed || projectId == null || !projectId.equals(command.projectId())) {
            throw rejected(WebhookRejection.WEBHOOK_NOT_FOUND);
        }
        apply(new WebhookRemoved(webhookId, projectId, clock.instant()));
    }

    private static CommandExecutionException rejected(WebhookRejection reason) {
        return new CommandExecutionException(reason.description(), null, reason);
    }

    @EventSourcingHandler
    void on(WebhookRegistered event) {
        webhookId = event.webhookId();
        projectId = event.projectId();
    }

    @EventSourcingHandler
    void on(WebhookRemoved event) {
        removed = true;
    }

    /** For Axon, which rebuilds the aggregate from its events. */
    protected Webhook() {
    }
}
