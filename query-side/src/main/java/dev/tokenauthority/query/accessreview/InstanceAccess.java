package dev.tokenauthority.query.accessreview;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Who could act on an instance at {@code at}: every token ({@code grants}), computed from the event store
 * ({@code eventsRead} events, through position {@code through}). {@code instanceState} is {@code registered},
 * {@code deleted} or {@code not-yet-registered} at that moment; only a registered instance has grants and labels.
 * {@code action} is the action asked about, absent when every action was.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "InstanceAccess")
public record InstanceAccess(String projectId, String regionId, String instanceId, Instant at, String action,
                             @Schema(allowableValues = {"registered", "deleted", "not-yet-registered"}) String instanceState,
                             Map<String, String> labels, List<Grant> grants, long eventsRead, Long through) {
}
