package dev.tokenauthority.events.instance;

import java.time.Instant;
import java.util.Map;
import org.axonframework.serialization.Revision;

/**
 * A protected resource was registered.
 *
 * @param labels all its labels, the platform's reserved ones ({@code token-authority/id},
 *               {@code token-authority/type}) included
 */
@Revision("1")
public record InstanceRegistered(
        String instanceId,
        String projectId,
        String regionId,
        InstanceType type,
        String name,
        Map<String, String> labels,
        Instant registeredAt) {

    public InstanceRegistered {
        labels = Map.copyOf(labels);
    }
}
