package dev.tokenauthority.events.instance;

import java.util.Map;
import org.axonframework.serialization.Revision;

/** An instance's labels changed; {@code labels} is the complete new set, reserved labels included. */
@Revision("1")
public record InstanceRelabelled(String instanceId, Map<String, String> labels) {

    public InstanceRelabelled {
        labels = Map.copyOf(labels);
    }
}
