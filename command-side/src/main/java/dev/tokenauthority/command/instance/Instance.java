package dev.tokenauthority.command.instance;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.tokenauthority.command.instance.InstanceCommands.DeleteInstance;
import dev.tokenauthority.command.instance.InstanceCommands.RegisterInstance;
import dev.tokenauthority.command.instance.InstanceCommands.RelabelInstance;
import dev.tokenauthority.command.instance.InstanceCommands.StartInstance;
import dev.tokenauthority.command.instance.InstanceCommands.StopInstance;
import dev.tokenauthority.command.naming.DisplayNames;
import dev.tokenauthority.events.access.Labels;
import dev.tokenauthority.events.instance.InstanceDeleted;
import dev.tokenauthority.events.instance.InstanceRegistered;
import dev.tokenauthority.events.instance.InstanceRelabelled;
import dev.tokenauthority.events.instance.InstanceStarted;
import dev.tokenauthority.events.instance.InstanceStopped;
import dev.tokenauthority.events.instance.InstanceType;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A protected resource (an AI app, an ML experiments instance) that tokens open. Its labels decide which
 * selector tokens cover it; the platform owns the labels under {@link Labels#RESERVED_PREFIX}.
 *
 * <p>Lifecycle: registered (running) → (relabelled, stopped, started)* → deleted, after which it accepts
 * nothing.
 */
@Aggregate
public class Instance {

    @AggregateIdentifier
    private String instanceId;
    private InstancePath path;
    private InstanceType type;
    private Map<String, String> labels;
    private boolean running;
    private boolean deleted;

    @CommandHandler
    public Instance(RegisterInstance command, Clock clock) {
        if (command.type() == null) {
            throw rejected(InstanceRejection.INVALID_TYPE);
        }
        if (command.name() != null && !DisplayNames.isValidName(command.name())) {
            throw rejected(InstanceRejection.INVALID_NAME);
        }
        Map<String, String> withReserved = withReserved(command.instanceId(), command.type(), command.labels());
        apply(new InstanceRegistered(command.instanceId(), command.path().projectId(), command.path().regionId(),
                command.type(), command.name() == null ? "" : command.name(), withReserved, clock.instant()));
    }

    @CommandHandler
    public void handle(RelabelInstance command) {
        requireLive(command.path());
        Map<String, String> withReserved = withReserved(instanceId, type, command.labels());
        if (!withReserved.equals(labels)) {
            apply(new InstanceRelabelled(instanceId, withReserved));
        }
    }

    @CommandHandler
    public void handle(StartInstance command, Clock clock) {
        requireLive(command.path());
        if (!running) {
            apply(new InstanceStarted(instanceId, clock.instant()));
        }
    }

    @CommandHandler
    public void handle(StopInstance command, Clock clock) {
        requireLive(command.path());
        if (running) {
            apply(new InstanceStopped(instanceId, clock.instant()));
        }
    }

    @CommandHandler
    public void handle(DeleteInstance command, Clock clock) {
        requireLive(command.path());
        apply(new InstanceDeleted(instanceId, clock.instant()));
    }

    /**
     * The caller's labels with the platform's reserved ones put over them: values a caller sends under the
     * reserved prefix are overwritten, as the seed's {@code ovh/} labels are.
     */
    private static Map<String, String> withReserved(String instanceId, InstanceType type, Map<String, String> own) {
        Map<String, String> all = new HashMap<>();
        if (own != null) {
            own.forEach((key, value) -> {
                if (key == null || !Labels.isReserved(key)) {
                    all.put(key, value);
                }
            });
        }
        if (!Labels.areValid(all)) {
            throw rejected(InstanceRejection.INVALID_LABELS);
        }
        all.put(Labels.ID, instanceId);
        all.put(Labels.TYPE, type.value());
        return Map.copyOf(all);
    }

    private void requireLive(InstancePath called) {
        if (!path.equals(called)) {
            throw rejected(InstanceRejection.INSTANCE_NOT_FOUND);
        }
        if (deleted) {
            throw rejected(InstanceRejection.INSTANCE_DELETED);
        }
    }

    static CommandExecutionException rejected(InstanceRejection reason) {
        return new CommandExecutionException(reason.description(), null, reason);
    }

    @EventSourcingHandler
    void on(InstanceRegistered event) {
        instanceId = event.instanceId();
        path = new InstancePath(event.projectId(), event.regionId());
        type = event.type();
        labels = event.labels();
        running = true;
    }

    @EventSourcingHandler
    void on(InstanceRelabelled event) {
        labels = event.labels();
    }

    @EventSourcingHandler
    void on(InstanceStarted event) {
        running = true;
    }

    @EventSourcingHandler
    void on(InstanceStopped event) {
        running = false;
    }

    @EventSourcingHandler
    void on(InstanceDeleted event) {
        deleted = true;
    }

    /** For Axon, which rebuilds the aggregate from its events. */
    protected Instance() {
    }
}
