package dev.tokenauthority.query.accessreview;

import dev.tokenauthority.events.access.Action;
import dev.tokenauthority.events.access.Labels;
import dev.tokenauthority.events.instance.InstanceDeleted;
import dev.tokenauthority.events.instance.InstanceRegistered;
import dev.tokenauthority.events.instance.InstanceRelabelled;
import dev.tokenauthority.events.token.TokenAllowedNetworksSet;
import dev.tokenauthority.events.token.TokenCreated;
import dev.tokenauthority.events.token.TokenRegenerated;
import dev.tokenauthority.events.token.TokenRenamed;
import dev.tokenauthority.events.token.TokenRevoked;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tokens and instances of one project and region as they stood at one moment, folded from their events:
 * every event whose time is at or before that moment, in the order of the event store. An event's time is the
 * one it carries ({@code createdAt}, {@code regeneratedAt}, {@code revokedAt}, {@code registeredAt},
 * {@code deletedAt}); a relabelling or a renaming, which carry none, is at the time it was recorded.
 *
 * <p>The decision is the verifier's, moved back in time: a token opens an instance at T when it was created at or
 * before T, not revoked at or before T, T is before its {@code validUntil}, the instance existed at T, and either
 * it is the token's own instance or the instance's labels at T carry every pair of the token's selector; its
 * role decides the actions; the secret that opened it is the generation current at T, from the client networks it
 * was allowed at T (any when none were set). Expiry events add nothing:
 * {@code validUntil} decides, whenever the expiry was noticed (as in the verifier).
 */
final class AccessFold {

    private final String projectId;
    private final String regionId;
    private final Instant at;
    private final Map<String, TokenAt> tokens = new LinkedHashMap<>();
    private final Map<String, InstanceAt> instances = new LinkedHashMap<>();
    private final Map<String, TokenCreated> everCreated = new HashMap<>();
    private final Set<String> everRegistered = new HashSet<>();

    AccessFold(String projectId, String regionId, Instant at) {
        this.projectId = projectId;
        this.regionId = regionId;
        this.at = at;
    }

    /** A token as it stood at the moment. */
    static final class TokenAt {
        final TokenCreated created;
        String name;
        int generation = 1;
        Instant generationSince;
        Instant revokedAt;
        List<String> allowedNetworks = List.of(); // empty: any client address

        TokenAt(TokenCreated created) {
            this.created = created;
            this.name = created.name();
            this.generationSince = created.createdAt();
        }

        /** {@code active}, {@code revoked} or {@code expired} at {@code at}. */
        String stateAt(Instant at) {
            if (revokedAt != null) {
                return "revoked";
            }
            return at.isBefore(created.validUntil()) ? "active" : "expired";
        }
    }

    /** An instance as it stood at the moment. */
    static final class InstanceAt {
        final InstanceRegistered registered;
        Map<String, String> labels;
        boolean deleted;

        InstanceAt(InstanceRegistered registered) {
            this.registered = registered;
            this.labels = registered.labels();
        }
    }

    /**
     * Folds one event, recorded in the event store at {@code recordedAt}; events after the moment, or of other
     * projects and regions, change nothing (but a token or instance created later is known to have existed).
     */
    void apply(Object event, Instant recordedAt) {
        if (event instanceof TokenCreated created && created.projectId().equals(projectId) && created.regionId().equals(regionId)) {
            everCreated.put(created.tokenId(), created);
        } else if (event instanceof InstanceRegistered registered && registered.projectId().equals(projectId)
                && registered.regionId().equals(regionId)) {
            everRegistered.add(registered.instanceId());
        }
        if (timeOf(event, recordedAt).isAfter(at)) {
            return;
        }
        if (event instanceof TokenCreated created) {
            if (created.projectId().equals(projectId) && created.regionId().equals(regionId)) {
                tokens.put(created.tokenId(), new TokenAt(created));
            }
        } else if (event instanceof TokenRegenerated regenerated) {
            token(regenerated.tokenId()).ifPresent(token -> {
                token.generation = regenerated.generation();
                token.generationSince = regenerated.regeneratedAt();
            });
        } else if (event instanceof TokenRenamed renamed) {
            token(renamed.tokenId()).ifPresent(token -> token.name = renamed.name());
        } else if (event instanceof TokenAllowedNetworksSet networks) {
            token(networks.tokenId()).ifPresent(token -> token.allowedNetworks = networks.allowedNetworks());
        } else if (event instanceof TokenRevoked revoked) {
            token(revoked.tokenId()).ifPresent(token -> token.revokedAt = revoked.revokedAt());
        } else if (event instanceof InstanceRegistered registered) {
            if (registered.projectId().equals(projectId) && registered.regionId().equals(regionId)) {
                instances.put(registered.instanceId(), new InstanceAt(registered));
            }
        } else if (event instanceof InstanceRelabelled relabelled) {
            instance(relabelled.instanceId()).ifPresent(instance -> instance.labels = relabelled.labels());
        } else if (event instanceof InstanceDeleted deleted) {
            instance(deleted.instanceId()).ifPresent(instance -> instance.deleted = true);
        }
    }

    /** The time an event happened: the one it carries, or, for the kinds that carry none, when it was recorded. */
    static Instant timeOf(Object event, Instant recordedAt) {
        if (event instanceof TokenCreated created) {
            return created.createdAt();
        } else if (event instanceof TokenRegenerated regenerated) {
            return regenerated.regeneratedAt();
        } else if (event instanceof TokenRevoked revoked) {
            return revoked.revokedAt();
        } else if (event instanceof TokenAllowedNetworksSet networks) {
            return networks.setAt();
        } else if (event instanceof InstanceRegistered registered) {
            return registered.registeredAt();
        } else if (event instanceof InstanceDeleted deleted) {
            return deleted.deletedAt();
        }
        return recordedAt;
    }

    /** The event that created the token in this project and region, at any time; empty if none ever did. */
    Optional<TokenCreated> everCreated(String tokenId) {
        return Optional.ofNullable(everCreated.get(tokenId));
    }

    /** Whether the instance was ever registered in this project and region, at any time. */
    boolean everRegistered(String instanceId) {
        return everRegistered.contains(instanceId);
    }

    Optional<TokenAt> token(String tokenId) {
        return Optional.ofNullable(tokens.get(tokenId));
    }

    Optional<InstanceAt> instance(String instanceId) {
        return Optional.ofNullable(instances.get(instanceId));
    }

    /** Every token that could do {@code action} (every action when null) on the instance at the moment, oldest first. */
    List<Grant> grantsOn(String instanceId, Action action) {
        InstanceAt instance = instances.get(instanceId);
        List<Grant> grants = new ArrayList<>();
        if (instance == null || instance.deleted) {
            return grants;
        }
        for (TokenAt token : tokens.values()) {
            grantOf(token, instance, action).ifPresent(grants::add);
        }
        grants.sort(Comparator.comparing(Grant::createdAt).thenComparing(Grant::tokenId));
        return grants;
    }

    /** Every instance the token could do {@code action} on (every action when null) at the moment, oldest first. */
    List<Reached> reachOf(TokenAt token, Action action) {
        List<Reached> reached = new ArrayList<>();
        for (InstanceAt instance : instances.values()) {
            if (!instance.deleted) {
                grantOf(token, instance, action).ifPresent(grant -> reached.add(new Reached(
                        instance.registered.instanceId(), instance.registered.name(), instance.labels, grant.actions(),
                        grant.rule())));
            }
        }
        reached.sort(Comparator.comparing(Reached::instanceId));
        return reached;
    }

    private Optional<Grant> grantOf(TokenAt token, InstanceAt instance, Action action) {
        if (!token.stateAt(at).equals("active")) {
            return Optional.empty();
        }
        TokenCreated created = token.created;
        Rule rule;
        if (created.isInstanceToken()) {
            if (!created.instanceId().equals(instance.registered.instanceId())) {
                return Optional.empty();
            }
            rule = Rule.instanceToken();
        } else {
            if (!Labels.matches(created.selector(), instance.labels)) {
                return Optional.empty();
            }
            rule = Rule.selector(created.selector());
        }
        List<String> actions = new ArrayList<>();
        for (Action each : Action.values()) {
            if ((action == null || action == each) && created.role().permits(each)) {
                actions.add(each.value());
            }
        }
        if (actions.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Grant(created.tokenId(), token.name, created.role().value(), actions, token.generation,
                token.generationSince, created.createdAt(), created.validUntil(), rule, token.allowedNetworks));
    }
}
