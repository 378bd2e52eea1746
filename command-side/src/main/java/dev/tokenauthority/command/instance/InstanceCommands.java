package dev.tokenauthority.command.instance;

import dev.tokenauthority.events.instance.InstanceType;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The commands of the {@link Instance} aggregate. */
public final class InstanceCommands {

    private InstanceCommands() {
    }

    /** Register a protected resource; reserved labels in {@code labels} are overwritten by the platform's. */
    public record RegisterInstance(@TargetAggregateIdentifier String instanceId, InstancePath path, InstanceType type,
                                   String name, Map<String, String> labels) {
    }

    /** Replace the instance's own labels by {@code labels}; the reserved ones stay the platform's. */
    public record RelabelInstance(@TargetAggregateIdentifier String instanceId, InstancePath path,
                                  Map<String, String> labels) {
    }

    public record StartInstance(@TargetAggregateIdentifier String instanceId, InstancePath path) {
    }

    public record StopInstance(@TargetAggregateIdentifier String instanceId, InstancePath path) {
    }

    public record DeleteInstance(@TargetAggregateIdentifier String instanceId, InstancePath path) {
    }
}
