package dev.tokenauthority.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenauthority.cli.ExitCodes;
import dev.tokenauthority.cli.http.ApiClient;
import dev.tokenauthority.cli.output.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ta webhook list|register|get|remove|deliveries}: where the project's token events (its tokens' expiry
 * warnings) are posted, signed as Standard Webhooks sign them, and each delivery's log. A project owner's calls. The
 * signing secret is printed once, by {@code register}.
 */
@Command(name = "webhook", description = "The project's webhooks and their delivery logs", mixinStandardHelpOptions = true,
        subcommands = {WebhookCommand.ListWebhooks.class, WebhookCommand.Register.class, WebhookCommand.Get.class,
                WebhookCommand.Remove.class, WebhookCommand.Deliveries.class})
public final class WebhookCommand {

    abstract static class WebhookApiCommand extends ApiCommand {
        String webhooks() {
            return project() + "/webhooks";
        }

        String webhook(String webhookId) {
            return webhooks() + "/" + segment(webhookId);
        }
    }

    @Command(name = "list", description = "List the project's webhooks", mixinStandardHelpOptions = true)
    static final class ListWebhooks extends WebhookApiCommand {
        @Override
        public Integer call() {
            JsonNode answer = api().call("GET", webhooks(), null);
            printer().list(out(), answer, answer.get("webhooks"), Printer.WEBHOOK);
            return ExitCodes.OK;
        }
    }

    @Command(name = "register", description = "Register a webhook; prints its signing secret once",
            mixinStandardHelpOptions = true)
    static final class Register extends WebhookApiCommand {
        // not --url: that is the service's address, an option of every command
        @Option(names = "--endpoint", required = true, paramLabel = "URL", description = "Where to post (https)")
        String endpoint;
        @Option(names = "--description")
        String description;

        @Override
        public Integer call() {
            ObjectNode body = ApiClient.JSON.createObjectNode().put("url", endpoint);
            if (description != null) {
                body.put("description", description);
            }
            JsonNode answer = api().call("POST", webhooks(), body);
            if (printer().json()) {
                printer().item(out(), answer);
            } else {
                printer().item(out(), answer.get("webhook"));
                out().println("secret: " + answer.get("secret").asText());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "get", description = "Show a webhook (never its secret)", mixinStandardHelpOptions = true)
    static final class Get extends WebhookApiCommand {
        @Parameters(paramLabel = "WEBHOOK_ID")
        String webhookId;

        @Override
        public Integer call() {
            printer().item(out(), api().call("GET", webhook(webhookId), null));
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", description = "Remove a webhook: it gets nothing from now on", mixinStandardHelpOptions = true)
    static final class Remove extends WebhookApiCommand {
        @Parameters(paramLabel = "WEBHOOK_ID")
        String webhookId;

        @Override
        public Integer call() {
            api().call("DELETE", webhook(webhookId), null);
            out().println("removed " + webhookId);
            return ExitCodes.OK;
        }
    }

    @Command(name = "deliveries", description = "The webhook's delivery log, newest first", mixinStandardHelpOptions = true)
    static final class Deliveries extends WebhookApiCommand {
        @Parameters(paramLabel = "WEBHOOK_ID")
        String webhookId;
        @Option(names = "--limit", description = "At most this many (1-500, default 50)")
        Integer limit;

        @Override
        public Integer call() {
            JsonNode answer = api().call("GET", webhook(webhookId) + "/deliveries" + (limit == null ? "" : "?limit=" + limit), null);
            printer().list(out(), answer, answer.get("deliveries"), Printer.DELIVERY);
            return ExitCodes.OK;
        }
    }
}
