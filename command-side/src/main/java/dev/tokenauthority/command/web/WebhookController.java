package dev.tokenauthority.command.web;

import static dev.tokenauthority.events.readmodel.ResourceIds.requireValid;

import dev.tokenauthority.command.webhook.RegisterWebhook;
import dev.tokenauthority.command.webhook.RemoveWebhook;
import dev.tokenauthority.command.webhook.WebhookDirectory;
import dev.tokenauthority.command.webhook.WebhookUrls;
import dev.tokenauthority.events.secret.WebhookSecrets;
import dev.tokenauthority.events.webhook.DeniedNetworks;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * A project's webhooks: {@code POST|GET /v1alpha/projects/{p}/webhooks}, {@code GET|DELETE …/webhooks/{id}} (their
 * deliveries are the query side's, {@code …/webhooks/{id}/deliveries}). Owners only (the edge's rule): a webhook
 * sends the project's token events out of the service. The signing secret is in the answer to the registration, and
 * only there; it is stored nowhere ({@link WebhookSecrets}).
 */
@RestController
@RequestMapping(path = WebhookController.WEBHOOKS, produces = MediaType.APPLICATION_JSON_VALUE)
class WebhookController {

    static final String WEBHOOKS = "/v1alpha/projects/{projectId}/webhooks";
    /** A bound a project's owners can live with and a delivery per event cannot outgrow. */
    static final int MAX_PER_PROJECT = 10;

    record Registration(@Schema(description = "where to post; https (http only where the deployment allows it)",
            requiredMode = Schema.RequiredMode.REQUIRED) String url, String description) {
    }

    record Registered(WebhookDirectory.Entry webhook,
                      @Schema(description = "the signing secret (Standard Webhooks, whsec_…): shown this once")
                      String secret) {
    }

    record Listed(List<WebhookDirectory.Entry> webhooks) {
    }

    private final CommandGateway commands;
    private final WebhookDirectory directory;
    private final WebhookSecrets secrets;
    private final boolean allowHttp;
    private final DeniedNetworks denied;

    WebhookController(CommandGateway commands, WebhookDirectory directory, WebhookSecrets secrets,
                      @Value("${token-authority.webhooks.allow-http:false}") boolean allowHttp,
                      @Value("${token-authority.webhooks.denied-networks:" + DeniedNetworks.SPECIAL_PURPOSE_SETTING + "}")
                      List<String> deniedNetworks) {
        this.commands = commands;
        this.directory = directory;
        this.secrets = secrets;
        this.allowHttp = allowHttp;
        this.denied = DeniedNetworks.fromSetting(deniedNetworks);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "201", description = "registered; the secret is shown this once", useReturnTypeSchema = true)
    ResponseEntity<Registered> register(@PathVariable String projectId, @RequestBody Registration request) {
        requireValid("projectId", projectId);
        if (request.url() != null && WebhookUrls.isValid(request.url()) && WebhookUrls.isPlainHttp(request.url()) && !allowHttp) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "url must be https (this deployment does not allow http)");
        }
        if (request.url() != null && WebhookUrls.isValid(request.url()) && denied.denies(WebhookUrls.host(request.url()))) {
            // A name is checked before every delivery, once resolved; an address can be refused right away.
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "url names an address in a network this deployment"
                    + " does not send webhooks to (loopback, private, link-local, …: token-authority.webhooks.denied-networks)");
        }
        if (directory.of(projectId).size() >= MAX_PER_PROJECT) {
            throw new ResponseStatusException(HttpStatus.CONFLICT,
                    "a project has at most " + MAX_PER_PROJECT + " webhooks; remove one first");
        }
        String id = UUID.randomUUID().toString();
        commands.sendAndWait(new RegisterWebhook(id, projectId, request.url(), request.description()));
        return ResponseEntity.status(HttpStatus.CREATED).cacheControl(CacheControl.noStore())
                .location(ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{id}").build(id))
                .body(new Registered(found(projectId, id), secrets.secretOf(id)));
    }

    @GetMapping
    @ApiResponse(responseCode = "200", description = "the project's webhooks, oldest first", useReturnTypeSchema = true)
    Listed list(@PathVariable String projectId) {
        return new Listed(directory.of(requireValid("projectId", projectId)));
    }

    @GetMapping("/{webhookId}")
    @ApiResponse(responseCode = "200", description = "the webhook", useReturnTypeSchema = true)
    WebhookDirectory.Entry get(@PathVariable String projectId, @PathVariable String webhookId) {
        return found(requireValid("projectId", projectId), webhookId);
    }

    @DeleteMapping("/{webhookId}")
    @ApiResponse(responseCode = "204", description = "removed: it gets nothing from now on")
    ResponseEntity<Void> remove(@PathVariable String projectId, @PathVariable String webhookId) {
        requireValid("projectId", projectId);
        found(projectId, webhookId);
        commands.sendAndWait(new RemoveWebhook(webhookId, projectId));
        return ResponseEntity.noContent().build();
    }

    private WebhookDirectory.Entry found(String projectId, String webhookId) {
        return directory.find(projectId, webhookId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such webhook in this project"));
    }
}
