package dev.tokenauthority.events.readmodel;

import java.time.Instant;
import java.util.Map;

/**
 * An instance as the catalogue shows it.
 *
 * @param type   {@code app} or {@code experiments}
 * @param labels all its labels, the reserved {@code token-authority/id} and {@code token-authority/type}
 *               included
 * @param state  {@code running} or {@code stopped}
 */
public record InstanceView(
        String id,
        String name,
        String type,
        Map<String, String> labels,
        String region,
        String state,
        Instant createdAt) {

    public static final String RUNNING = "running";
    public static final String STOPPED = "stopped";
}
