package dev.tokenauthority.command.token;

import static dev.tokenauthority.command.token.TokenRules.rejected;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.tokenauthority.events.token.TokenCreated;
import dev.tokenauthority.events.token.TokenExpired;
import dev.tokenauthority.events.token.TokenRegenerated;
import dev.tokenauthority.events.token.TokenRenamed;
import dev.tokenauthority.events.token.TokenRevoked;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * An access token for one instance. It decides whether a command may change it and records what changed as
 * events; it never sees a secret, only the keyed hash the caller computed.
 *
 * <p>Lifecycle: active → (regenerated, renamed)* → expired or revoked. An expired token can still be revoked
 * (to drop it from listings); a revoked token accepts nothing.
 */
@Aggregate
public class Token {

    static final String EXPIRY_DEADLINE = "token-expiry";

    enum Status { ACTIVE, EXPIRED, REVOKED }

    @AggregateIdentifier
    private String tokenId;
    private InstancePath instance;
    private String name;
    private String description;
    private Status status;
    private int generation;
    private Instant validUntil;
    private String expiryDeadlineId;

    @CommandHandler
    public Token(CreateToken command, Clock clock, DeadlineManager deadlines) {
        TokenRules.requireValidName(command.name());
        TokenRules.requireValidDescription(command.description());
        TokenRules.requireValidLabels(command.labels());
        TokenRules.requireValidLifetime(command.lifetime());
        Instant now = clock.instant();
        Instant expiresAt = now.plus(command.lifetime());
        String deadlineId = deadlines.schedule(expiresAt, EXPIRY_DEADLINE,
                new TokenExpiryDue(command.tokenId(), expiresAt));
        InstancePath path = command.instance();
        apply(new TokenCreated(command.tokenId(), path.projectId(), path.regionId(), path.instanceId(),
                command.name(), Objects.requireNonNullElse(command.description(), ""), command.labels(),
                command.secretHash(), now, expiresAt, deadlineId));
    }

    @CommandHandler
    public void handle(RenameToken command, Clock clock) {
        requireChangeable(command.instance(), clock);
        String newName = Objects.requireNonNullElse(command.name(), name);
        String newDescription = Objects.requireNonNullElse(command.description(), description);
        TokenRules.requireValidName(newName);
        TokenRules.requireValidDescription(newDescription);
        if (newName.equals(name) && newDescription.equals(description)) {
            return; // nothing changed: nothing to record
        }
        apply(new TokenRenamed(tokenId, newName, newDescription));
    }

    @CommandHandler
    public void handle(RegenerateToken command, Clock clock) {
        requireChangeable(command.instance(), clock);
        apply(new TokenRegenerated(tokenId, command.secretHash(), generation + 1, clock.instant()));
    }

    @CommandHandler
    public void handle(RevokeToken command, Clock clock, DeadlineManager deadlines) {
        requireUnder(command.instance());
        if (status == Status.REVOKED) {
            throw rejected(TokenRejection.TOKEN_REVOKED);
        }
        if (status == Status.ACTIVE) {
            deadlines.cancelSchedule(EXPIRY_DEADLINE, expiryDeadlineId);
        }
        apply(new TokenRevoked(tokenId, clock.instant()));
    }

    @DeadlineHandler(deadlineName = EXPIRY_DEADLINE)
    public void on(TokenExpiryDue due) {
        // A deadline can outlive what it was for (a revocation racing it): only an active token expires.
        if (status == Status.ACTIVE) {
            apply(new TokenExpired(tokenId, due.validUntil()));
        }
    }

    private void requireChangeable(InstancePath path, Clock clock) {
        requireUnder(path);
        if (status == Status.REVOKED) {
            throw rejected(TokenRejection.TOKEN_REVOKED);
        }
        // The deadline may not have fired yet: the clock decides, not the deadline's punctuality.
        if (status == Status.EXPIRED || !clock.instant().isBefore(validUntil)) {
            throw rejected(TokenRejection.TOKEN_EXPIRED);
        }
    }

    private void requireUnder(InstancePath path) {
        if (!instance.equals(path)) {
            throw rejected(TokenRejection.TOKEN_NOT_FOUND);
        }
    }

    @EventSourcingHandler
    void on(TokenCreated event) {
        tokenId = event.tokenId();
        instance = new InstancePath(event.projectId(), event.regionId(), event.instanceId());
        name = event.name();
        description = event.description();
        status = Status.ACTIVE;
        generation = 1;
        validUntil = event.validUntil();
        expiryDeadlineId = event.expiryDeadlineId();
    }

    @EventSourcingHandler
    void on(TokenRenamed event) {
        name = event.name();
        description = event.description();
    }

    @EventSourcingHandler
    void on(TokenRegenerated event) {
        generation = event.generation();
    }

    @EventSourcingHandler
    void on(TokenRevoked event) {
        status = Status.REVOKED;
    }

    @EventSourcingHandler
    void on(TokenExpired event) {
        status = Status.EXPIRED;
    }

    /** For Axon, which rebuilds the aggregate from its events. */
    protected Token() {
    }
}
