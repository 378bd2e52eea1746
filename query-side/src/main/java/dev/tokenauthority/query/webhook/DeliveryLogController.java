package dev.tokenauthority.query.webhook;

import static dev.tokenauthority.events.readmodel.ResourceIds.requireValid;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /v1alpha/projects/{p}/webhooks/{id}/deliveries?limit=}: the webhook's delivery log, newest first
 * ({@code limit} 1-500, default 50); readable also after the webhook was removed. Owners only (the edge's rule).
 */
@RestController
class DeliveryLogController {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    /** A delivery as the API shows it (its body is what the receiver got; not repeated here). */
    record Shown(String id, String eventType, String tokenId, Instant createdAt, String status, int attempts,
                 Instant lastAttemptAt, Integer lastStatusCode, String lastError, Instant deliveredAt,
                 Instant nextAttemptAt) {
    }

    record Listed(List<Shown> deliveries) {
    }

    private final WebhookTargets targets;
    private final DeliveryLog deliveries;

    DeliveryLogController(WebhookTargets targets, DeliveryLog deliveries) {
        this.targets = targets;
        this.deliveries = deliveries;
    }

    @GetMapping(path = "/v1alpha/projects/{projectId}/webhooks/{webhookId}/deliveries",
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "the webhook's deliveries, newest first", useReturnTypeSchema = true)
    Listed deliveries(@PathVariable String projectId, @PathVariable String webhookId,
                      @RequestParam(required = false) String limit) {
        requireValid("projectId", projectId);
        int max = limit(limit);
        if (targets.find(webhookId).filter(target -> target.projectId().equals(projectId)).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such webhook in this project");
        }
        return new Listed(deliveries.of(webhookId, max).stream().map(d -> new Shown(d.id(), d.eventType(), d.tokenId(),
                d.createdAt(), d.status(), d.attempts(), d.lastAttemptAt(), d.lastStatusCode(), d.lastError(),
                d.deliveredAt(), d.nextAttemptAt())).toList());
    }

    private static int limit(String limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (!limit.matches("[0-9]{1,3}") || Integer.parseInt(limit) < 1 || Integer.parseInt(limit) > MAX_LIMIT) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be a whole number from 1 to " + MAX_LIMIT);
        }
        return Integer.parseInt(limit);
    }
}
