package dev.tokenauthority.query.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * One event of the audit trail: when, what, on which token or instance, by whom, from where, in which call,
 * and the fields it set. Never a secret, nor a secret's hash.
 *
 * @param position the event's position in the event store (its global index)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEntry(
        long position,
        Instant time,
        String eventType,
        String projectId,
        String regionId,
        String instanceId,
        String tokenId,
        String actor,
        String clientAddress,
        String requestId,
        Map<String, Object> changes) {
}
