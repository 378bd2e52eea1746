package dev.tokenauthority.command.token;

import static dev.tokenauthority.command.token.TokenRules.rejected;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.tokenauthority.command.instance.InstanceDirectory;
import dev.tokenauthority.events.access.AllowedNetworks;
import dev.tokenauthority.events.project.SupersededUsePolicy;
import dev.tokenauthority.events.signal.RecordDisallowedAddressUse;
import dev.tokenauthority.events.signal.RecordExpiryWarning;
import dev.tokenauthority.events.signal.RecordSupersededUse;
import dev.tokenauthority.events.token.DisallowedAddressUsed;
import dev.tokenauthority.events.token.SupersededSecretUsed;
import dev.tokenauthority.events.token.TokenAllowedNetworksSet;
import dev.tokenauthority.events.token.TokenCreated;
import dev.tokenauthority.events.token.TokenExpired;
import dev.tokenauthority.events.token.TokenExpiryWarned;
import dev.tokenauthority.events.token.TokenLeakReported;
import dev.tokenauthority.events.token.TokenRegenerated;
import dev.tokenauthority.events.token.TokenRenamed;
import dev.tokenauthority.events.token.TokenRevoked;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * An access token for one instance, or for the instances a label selector matches. It decides whether a command may change it and records what changed as
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
    private TokenPath path;
    private String name;
    private String description;
    private Status status;
    private int generation;
    private Instant createdAt;
    private Instant validUntil;
    private String expiryDeadlineId;
    private Duration shortestLeadWarned; // null: no expiry warning yet
    private List<String> allowedNetworks = List.of(); // canonical CIDR blocks; empty: any address

    @CommandHandler
    public Token(CreateToken command, Clock clock, DeadlineManager deadlines, InstanceDirectory instances) {
        TokenRules.requireValidName(command.name());
        TokenRules.requireValidDescription(command.description());
        TokenRules.requireValidLabels(command.labels());
        TokenRules.requireValidLifetime(command.lifetime());
        AllowedNetworks networks = TokenRules.requireValidNetworks(command.allowedNetworks());
        if (command.role() == null) {
            throw rejected(TokenRejection.INVALID_ROLE);
        }
        TokenPath path = command.path();
        if (path.isInstancePath()) {
            if (command.selector() != null && !command.selector().isEmpty()) {
                throw rejected(TokenRejection.INVALID_SELECTOR);
            }
            if (!instances.exists(path.projectId(), path.regionId(), path.instanceId())) {
                throw rejected(TokenRejection.INSTANCE_NOT_FOUND);
            }
        } else {
            TokenRules.requireValidSelector(command.selector());
        }
        Instant now = clock.instant();
        Instant expiresAt = now.plus(command.lifetime());
        String deadlineId = deadlines.schedule(expiresAt, EXPIRY_DEADLINE,
                new TokenExpiryDue(command.tokenId(), expiresAt));
        apply(new TokenCreated(command.tokenId(), path.projectId(), path.regionId(), path.instanceId(),
                command.selector(), command.role(), command.name(),
                Objects.requireNonNullElse(command.description(), ""), command.labels(), command.secretHash(), now,
                expiresAt, deadlineId));
        if (!networks.isAny()) { // in the same commit: the token never opens anything from elsewhere
            apply(new TokenAllowedNetworksSet(command.tokenId(), networks.cidrs(), now));
        }
    }

    @CommandHandler
    public void handle(UpdateToken command, Clock clock) {
        requireChangeable(command.path(), clock);
        String newName = Objects.requireNonNullElse(command.name(), name);
        String newDescription = Objects.requireNonNullElse(command.description(), description);
        TokenRules.requireValidName(newName);
        TokenRules.requireValidDescription(newDescription);
        List<String> newNetworks = command.allowedNetworks() == null ? allowedNetworks
                : TokenRules.requireValidNetworks(command.allowedNetworks()).cidrs();
        // every field checked before anything is recorded: one bad field changes none
        if (!newName.equals(name) || !newDescription.equals(description)) {
            apply(new TokenRenamed(tokenId, newName, newDescription));
        }
        if (!newNetworks.equals(allowedNetworks)) {
            apply(new TokenAllowedNetworksSet(tokenId, newNetworks, clock.instant()));
        }
    }

    @CommandHandler
    public void handle(RegenerateToken command, Clock clock) {
        requireChangeable(command.path(), clock);
        apply(new TokenRegenerated(tokenId, command.secretHash(), generation + 1, clock.instant()));
    }

    @CommandHandler
    public void handle(RevokeToken command, Clock clock, DeadlineManager deadlines) {
        requireUnder(command.path());
        if (status == Status.REVOKED) {
            throw rejected(TokenRejection.TOKEN_REVOKED);
        }
        if (status == Status.ACTIVE) {
            deadlines.cancelSchedule(EXPIRY_DEADLINE, expiryDeadlineId);
        }
        apply(new TokenRevoked(tokenId, clock.instant()));
    }

    @CommandHandler
    public void handle(RecordLeakReport command, Clock clock, DeadlineManager deadlines) {
        requireUnder(command.path());
        if (status == Status.REVOKED) {
            throw rejected(TokenRejection.TOKEN_REVOKED);
        }
        Instant now = clock.instant();
        apply(new TokenLeakReported(tokenId, now, command.reporter(), command.source(), command.url()));
        if (command.revoke()) {
            if (status == Status.ACTIVE) {
                deadlines.cancelSchedule(EXPIRY_DEADLINE, expiryDeadlineId);
            }
            apply(new TokenRevoked(tokenId, now)); // in the same commit: a report never waits for a second call
        }
    }

    /**
     * Superseded secrets of this token were presented ({@link ObservedSignals} asks, with the project's
     * policy): recorded while the token is active, and the token revoked in the same commit if the policy says so.
     * A token already expired or revoked opens nothing with any secret: nothing to record.
     */
    void recordSupersededUse(RecordSupersededUse signal, SupersededUsePolicy policy, Clock clock,
                             DeadlineManager deadlines) {
        if (status != Status.ACTIVE || !clock.instant().isBefore(validUntil)) {
            return;
        }
        boolean revoke = policy == SupersededUsePolicy.REVOKE;
        apply(new SupersededSecretUsed(tokenId, signal.firstSeenAt(), signal.lastSeenAt(), signal.uses(),
                signal.from(), signal.through(), revoke));
        if (revoke) {
            deadlines.cancelSchedule(EXPIRY_DEADLINE, expiryDeadlineId);
            apply(new TokenRevoked(tokenId, clock.instant()));
        }
    }

    /**
     * Its secret was presented from outside its allowed networks ({@link ObservedSignals} asks): recorded while the
     * token is active (the callers were refused; a token that opens nothing has nothing to signal).
     */
    void recordDisallowedAddressUse(RecordDisallowedAddressUse signal, Clock clock) {
        if (status != Status.ACTIVE || !clock.instant().isBefore(validUntil)) {
            return;
        }
        apply(new DisallowedAddressUsed(tokenId, signal.firstSeenAt(), signal.lastSeenAt(), signal.uses(),
                signal.from(), signal.through()));
    }

    /**
     * The token expires within {@code lead} ({@link ObservedSignals} asks, for the query side's sweep): warned
     * once per lead time, while active and before {@code validUntil}, and never a longer lead after a shorter one
     * (a warning missed while the service was down is not sent late once a closer one is due); never for a lead
     * longer than the token's whole lifetime (an hour-long token is not warned a day ahead: it was issued short).
     */
    void warnOfExpiry(RecordExpiryWarning warning, Clock clock) {
        Instant now = clock.instant();
        Duration lead = warning.lead();
        boolean due = !now.isBefore(validUntil.minus(lead)) && now.isBefore(validUntil)
                && createdAt.isBefore(validUntil.minus(lead)); // issued for less than the lead: known to be short
        if (status != Status.ACTIVE || !due || (shortestLeadWarned != null && lead.compareTo(shortestLeadWarned) >= 0)) {
            return;
        }
        apply(new TokenExpiryWarned(tokenId, validUntil, lead, now));
    }

    /**
     * The token's {@code validUntil} passed and it is still active ({@link ObservedSignals} asks, for the query side's
     * overdue-expiry sweep): its expiry deadline was lost, so it expires now, as the deadline would have made it.
     * Before {@code validUntil}, or once expired or revoked, nothing: the sweep may ask again, or after the deadline.
     */
    void expireIfOverdue(Clock clock, DeadlineManager deadlines) {
        if (status != Status.ACTIVE || clock.instant().isBefore(validUntil)) {
            return;
        }
        deadlines.cancelSchedule(EXPIRY_DEADLINE, expiryDeadlineId); // if it was not lost after all
        apply(new TokenExpired(tokenId, validUntil));
    }

    /** The project the token belongs to (whose policy applies to it). */
    String projectId() {
        return path.projectId();
    }

    @DeadlineHandler(deadlineName = EXPIRY_DEADLINE)
    public void on(TokenExpiryDue due) {
        // A deadline can outlive what it was for (a revocation racing it): only an active token expires.
        if (status == Status.ACTIVE) {
            apply(new TokenExpired(tokenId, due.validUntil()));
        }
    }

    private void requireChangeable(TokenPath path, Clock clock) {
        requireUnder(path);
        if (status == Status.REVOKED) {
            throw rejected(TokenRejection.TOKEN_REVOKED);
        }
        // The deadline may not have fired yet: the clock decides, not the deadline's punctuality.
        if (status == Status.EXPIRED || !clock.instant().isBefore(validUntil)) {
            throw rejected(TokenRejection.TOKEN_EXPIRED);
        }
    }

    private void requireUnder(TokenPath path) {
        if (!this.path.equals(path)) {
            throw rejected(TokenRejection.TOKEN_NOT_FOUND);
        }
    }

    @EventSourcingHandler
    void on(TokenCreated event) {
        tokenId = event.tokenId();
        path = new TokenPath(event.projectId(), event.regionId(), event.instanceId());
        name = event.name();
        description = event.description();
        status = Status.ACTIVE;
        generation = 1;
        createdAt = event.createdAt();
        validUntil = event.validUntil();
        expiryDeadlineId = event.expiryDeadlineId();
    }

    @EventSourcingHandler
    void on(TokenRenamed event) {
        name = event.name();
        description = event.description();
    }

    @EventSourcingHandler
    void on(TokenAllowedNetworksSet event) {
        allowedNetworks = event.allowedNetworks();
    }

    @EventSourcingHandler
    void on(TokenRegenerated event) {
        generation = event.generation();
    }

    @EventSourcingHandler
    void on(TokenExpiryWarned event) {
        shortestLeadWarned = event.lead();
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
