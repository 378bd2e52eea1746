package dev.tokenauthority.events.readmodel;

import java.util.Map;

/**
 * Every token of a project and region in the catalogue (not revoked) that matches all the criteria given: of one
 * instance ({@code instanceId}; null: any, selector tokens included), whose own labels carry every pair of
 * {@code labels} (empty: any), whose name starts with {@code namePrefix} (null: any), not used at or after
 * {@code unusedSince} and created before it (null: any). Oldest first; answers {@code limit + 1} at most, so that
 * the asker knows when there were more than it takes.
 */
public record FindTokensMatching(String projectId, String regionId, String instanceId, Map<String, String> labels,
                                 String namePrefix, java.time.Instant unusedSince, int limit) {

    public FindTokensMatching {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
