package dev.tokenauthority.command.project;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.tokenauthority.events.project.ProjectPolicySet;
import dev.tokenauthority.events.project.SupersededUsePolicy;
import java.time.Clock;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A project's token policy. Exists from the first time an owner sets it; until then every project has the defaults
 * ({@link ProjectPolicies#DEFAULT_ON_SUPERSEDED_USE}). Its id is {@code project-policy:<projectId>}, so that it can
 * never share an aggregate id (and so a sequence in the event store) with an instance or a token.
 */
@Aggregate
public class ProjectPolicy {

    private static final String ID_PREFIX = "project-policy:";

    @AggregateIdentifier
    private String policyId;
    private SupersededUsePolicy onSupersededUse;

    static String idOf(String projectId) {
        return ID_PREFIX + projectId;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(SetProjectPolicy command, Clock clock) {
        if (command.onSupersededUse() == null) {
            throw new IllegalArgumentException("onSupersededUse is required"); // the web layer refuses it first
        }
        // The first call is always recorded (an owner's explicit choice, even of the default; and a new aggregate
        // must have an event to exist). After it, only a change.
        if (policyId != null && command.onSupersededUse() == onSupersededUse) {
            return;
        }
        apply(new ProjectPolicySet(command.projectId(), command.onSupersededUse(), clock.instant()));
    }

    @EventSourcingHandler
    void on(ProjectPolicySet event) {
        policyId = idOf(event.projectId());
        onSupersededUse = event.onSupersededUse();
    }

    /** For Axon, which rebuilds the aggregate from its events (and creates it on the first policy). */
    public ProjectPolicy() {
    }
}
