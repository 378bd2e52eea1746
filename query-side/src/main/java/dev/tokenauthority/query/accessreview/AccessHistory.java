package dev.tokenauthority.query.accessreview;

import dev.tokenauthority.events.access.Action;
import dev.tokenauthority.events.instance.InstanceDeleted;
import dev.tokenauthority.events.instance.InstanceRegistered;
import dev.tokenauthority.events.instance.InstanceRelabelled;
import dev.tokenauthority.events.token.TokenAllowedNetworksSet;
import dev.tokenauthority.events.token.TokenCreated;
import dev.tokenauthority.events.token.TokenRegenerated;
import dev.tokenauthority.events.token.TokenRenamed;
import dev.tokenauthority.events.token.TokenRevoked;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.stereotype.Component;

/**
 * Access reviews answered from the event store itself, not from a read model: the whole log is read (in the
 * store's order, up to its head when the question is asked) and folded at the moment asked ({@link AccessFold}).
 * A read model would answer only for now; the log answers for any moment since the first event. The cost is one
 * pass over the log (only the payloads of the eight kinds that decide access are deserialised), paid per question:
 * an audit question, never on a request's path. One review runs at a time on a node, so that a burst of them
 * cannot take the CPU that verify needs; the others wait a few seconds for their turn, then are refused (429).
 */
@Component
public class AccessHistory {

    private static final Set<Class<?>> FOLDED = Set.of(TokenCreated.class, TokenRegenerated.class, TokenRenamed.class,
            TokenRevoked.class, TokenAllowedNetworksSet.class, InstanceRegistered.class, InstanceRelabelled.class,
            InstanceDeleted.class);

    /** How long a review waits for the one running before it is refused. */
    static final Duration TURN_WAIT = Duration.ofSeconds(5);

    private final EventStorageEngine events;
    private final Semaphore oneAtATime = new Semaphore(1, true);

    public AccessHistory(EventStorageEngine events) {
        this.events = events;
    }

    /** Thrown when another review kept this one waiting longer than {@link #TURN_WAIT}. */
    public static final class Busy extends RuntimeException {
        Busy() {
            super("another access review is running on this node; try again in a moment", null, false, false);
        }
    }

    /** Who could act on the instance at {@code at}; empty when no such instance was ever registered in the project and region. */
    public Optional<InstanceAccess> ofInstance(String projectId, String regionId, String instanceId, Instant at, Action action) {
        Scan scan = scan(projectId, regionId, at);
        if (!scan.fold.everRegistered(instanceId)) {
            return Optional.empty();
        }
        Optional<AccessFold.InstanceAt> instance = scan.fold.instance(instanceId);
        String state = instance.isEmpty() ? "not-yet-registered" : instance.get().deleted ? "deleted" : "registered";
        boolean registered = state.equals("registered");
        return Optional.of(new InstanceAccess(projectId, regionId, instanceId, at, action == null ? null : action.value(),
                state, registered ? new TreeMap<>(instance.get().labels) : null,
                scan.fold.grantsOn(instanceId, action), scan.eventsRead, scan.through));
    }

    /**
     * What the token could act on at {@code at}; empty when no token of that id was ever created under that
     * project, region and instance ({@code instanceId} null: a selector token).
     */
    public Optional<TokenReach> ofToken(String projectId, String regionId, String instanceId, String tokenId, Instant at,
                                        Action action) {
        Scan scan = scan(projectId, regionId, at);
        Optional<TokenCreated> created = scan.fold.everCreated(tokenId);
        if (created.isEmpty() || !Objects.equals(created.get().instanceId(), instanceId)) {
            return Optional.empty();
        }
        TokenCreated token = created.get();
        String actionName = action == null ? null : action.value();
        Map<String, String> selector = token.isInstanceToken() ? null : new TreeMap<>(token.selector());
        Optional<AccessFold.TokenAt> then = scan.fold.token(tokenId);
        if (then.isEmpty()) {
            return Optional.of(new TokenReach(tokenId, token.name(), at, actionName, "not-yet-created", token.role().value(),
                    token.instanceId(), selector, null, null, token.createdAt(), token.validUntil(), null, List.of(),
                    scan.eventsRead, scan.through));
        }
        AccessFold.TokenAt state = then.get();
        return Optional.of(new TokenReach(tokenId, state.name, at, actionName, state.stateAt(at), token.role().value(),
                token.instanceId(), selector, state.generation, state.generationSince, token.createdAt(),
                token.validUntil(), state.allowedNetworks, scan.fold.reachOf(state, action), scan.eventsRead,
                scan.through));
    }

    private record Scan(AccessFold fold, long eventsRead, Long through) {
    }

    private Scan scan(String projectId, String regionId, Instant at) {
        try {
            if (!oneAtATime.tryAcquire(TURN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new Busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Busy();
        }
        try {
            return scanAlone(projectId, regionId, at);
        } finally {
            oneAtATime.release();
        }
    }

    private Scan scanAlone(String projectId, String regionId, Instant at) {
        AccessFold fold = new AccessFold(projectId, regionId, at);
        long read = 0;
        Long through = null;
        try (Stream<? extends TrackedEventMessage<?>> stream = events.readEvents(null, false)) {
            Iterator<? extends TrackedEventMessage<?>> messages = stream.iterator();
            while (messages.hasNext()) {
                TrackedEventMessage<?> message = messages.next();
                read++;
                through = message.trackingToken().position().isPresent() ? message.trackingToken().position().getAsLong() : through;
                if (FOLDED.contains(message.getPayloadType())) {
                    fold.apply(message.getPayload(), message.getTimestamp());
                }
            }
        }
        return new Scan(fold, read, through);
    }
}
