package dev.tokenauthority.query.audit;

import java.time.Instant;
import java.util.List;

/**
 * What part of the trail to read: always one project, optionally narrowed to a region and instance, or to a
 * token, and filtered by time range ({@code from} inclusive, {@code to} exclusive), event types and actor.
 *
 * @param after the position to continue after, in reading order; {@code null} for the first page
 */
public record AuditQuery(
        String projectId,
        String regionId,
        String instanceId,
        String tokenId,
        Instant from,
        Instant to,
        List<String> eventTypes,
        String actor,
        boolean newestFirst,
        Long after,
        int pageSize) {
}
