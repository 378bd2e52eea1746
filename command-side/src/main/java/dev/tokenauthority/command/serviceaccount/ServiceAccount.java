package dev.tokenauthority.command.serviceaccount;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.tokenauthority.command.naming.DisplayNames;
import dev.tokenauthority.events.access.ProjectRole;
import dev.tokenauthority.events.serviceaccount.ServiceAccountCreated;
import dev.tokenauthority.events.serviceaccount.ServiceAccountDeleted;
import dev.tokenauthority.events.serviceaccount.ServiceAccountKeyRotated;
import dev.tokenauthority.events.serviceaccount.ServiceAccountUpdated;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A project's service account: a credential for the project's admin API with one role. Like a token it never
 * sees its key, only the keyed hash the caller computed; unlike a token it needs no expiry deadline, because
 * nothing but authentication reads its {@code validUntil}, and that reads the clock.
 *
 * <p>Lifecycle: active → (updated, key rotated)* → deleted. Once {@code validUntil} has passed it can only be
 * deleted.
 */
@Aggregate
public class ServiceAccount {

    @AggregateIdentifier
    private String serviceAccountId;
    private String projectId;
    private String name;
    private String description;
    private ProjectRole role;
    private Instant validUntil;
    private int generation;
    private boolean deleted;

    @CommandHandler
    public ServiceAccount(CreateServiceAccount command, Clock clock) {
        requireValid(command.name(), command.description(), command.role());
        Duration lifetime = command.lifetime();
        if (lifetime != null && lifetime.compareTo(Duration.ofSeconds(1)) < 0) {
            throw rejected(ServiceAccountRejection.INVALID_LIFETIME);
        }
        Instant now = clock.instant();
        apply(new ServiceAccountCreated(command.serviceAccountId(), command.projectId(), command.name(),
                Objects.requireNonNullElse(command.description(), ""), command.role(), command.keyHash(), now,
                lifetime == null ? null : now.plus(lifetime)));
    }

    @CommandHandler
    public void handle(UpdateServiceAccount command, Clock clock) {
        requireChangeable(command.projectId(), clock);
        String newName = Objects.requireNonNullElse(command.name(), name);
        String newDescription = Objects.requireNonNullElse(command.description(), description);
        ProjectRole newRole = Objects.requireNonNullElse(command.role(), role);
        requireValid(newName, newDescription, newRole);
        if (newName.equals(name) && newDescription.equals(description) && newRole == role) {
            return; // nothing changed: nothing to record
        }
        apply(new ServiceAccountUpdated(serviceAccountId, projectId, newName, newDescription, newRole));
    }

    @CommandHandler
    public void handle(RotateServiceAccountKey command, Clock clock) {
        requireChangeable(command.projectId(), clock);
        apply(new ServiceAccountKeyRotated(serviceAccountId, projectId, command.keyHash(), generation + 1,
                clock.instant()));
    }

    @CommandHandler
    public void handle(DeleteServiceAccount command, Clock clock) {
        requireIn(command.projectId());
        apply(new ServiceAccountDeleted(serviceAccountId, projectId, clock.instant()));
    }

    private static void requireValid(String name, String description, ProjectRole role) {
        if (!DisplayNames.isValidName(name)) {
            throw rejected(ServiceAccountRejection.INVALID_NAME);
        }
        if (!DisplayNames.isValidDescription(description)) {
            throw rejected(ServiceAccountRejection.INVALID_DESCRIPTION);
        }
        if (role == null) {
            throw rejected(ServiceAccountRejection.INVALID_ROLE);
        }
    }

    private void requireChangeable(String projectId, Clock clock) {
        requireIn(projectId);
        if (validUntil != null && !clock.instant().isBefore(validUntil)) {
            throw rejected(ServiceAccountRejection.SERVICE_ACCOUNT_EXPIRED);
        }
    }

    /**
     * Another project's account, or a deleted one, does not exist for the caller; nor does another aggregate's
     * stream read as an account (an id of a token, say), which leaves every field unset.
     */
    private void requireIn(String projectId) {
        if (deleted || this.projectId == null || !this.projectId.equals(projectId)) {
            throw rejected(ServiceAccountRejection.SERVICE_ACCOUNT_NOT_FOUND);
        }
    }

    private static CommandExecutionException rejected(ServiceAccountRejection reason) {
        return new CommandExecutionException(reason.description(), null, reason);
    }

    @EventSourcingHandler
    void on(ServiceAccountCreated event) {
        serviceAccountId = event.serviceAccountId();
        projectId = event.projectId();
        name = event.name();
        description = event.description();
        role = event.role();
        validUntil = event.validUntil();
        generation = 1;
    }

    @EventSourcingHandler
    void on(ServiceAccountUpdated event) {
        name = event.name();
        description = event.description();
        role = event.role();
    }

    @EventSourcingHandler
    void on(ServiceAccountKeyRotated event) {
        generation = event.generation();
    }

    @EventSourcingHandler
    void on(ServiceAccountDeleted event) {
        deleted = true;
    }

    /** For Axon, which rebuilds the aggregate from its events. */
    protected ServiceAccount() {
    }
}
