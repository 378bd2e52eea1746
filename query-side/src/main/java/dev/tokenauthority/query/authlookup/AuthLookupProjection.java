package dev.tokenauthority.query.authlookup;

import dev.tokenauthority.events.access.AllowedNetworks;
import dev.tokenauthority.events.instance.InstanceDeleted;
import dev.tokenauthority.events.instance.InstanceRegistered;
import dev.tokenauthority.events.instance.InstanceRelabelled;
import dev.tokenauthority.events.serviceaccount.ServiceAccountCreated;
import dev.tokenauthority.events.serviceaccount.ServiceAccountDeleted;
import dev.tokenauthority.events.serviceaccount.ServiceAccountKeyRotated;
import dev.tokenauthority.events.serviceaccount.ServiceAccountUpdated;
import dev.tokenauthority.events.token.TokenAllowedNetworksSet;
import dev.tokenauthority.events.token.TokenCreated;
import dev.tokenauthority.events.token.TokenExpired;
import dev.tokenauthority.events.token.TokenRegenerated;
import dev.tokenauthority.events.token.TokenRevoked;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Builds the auth-lookup model ({@link AuthLookupIndex}, {@link InstanceRegistry} and {@link ServiceAccountDirectory},
 * in {@link AuthLookupModel}) from token, instance and service-account events. Its tracking token lives in memory
 * with the model, so a start begins from a sound snapshot or the first event (query.snapshot): the model is exactly
 * what history says, and a secret superseded by a regeneration is never restored by a replay.
 */
@Component
@ProcessingGroup(AuthLookupProjection.PROCESSING_GROUP)
public class AuthLookupProjection {

    public static final String PROCESSING_GROUP = "auth-lookup";

    private final AuthLookupModel model;

    public AuthLookupProjection(AuthLookupModel model) {
        this.model = model;
    }

    @EventHandler
    public void on(TokenCreated event) {
        TokenScope scope = event.isInstanceToken()
                ? new TokenScope.InstanceScope(new InstanceKey(event.projectId(), event.regionId(), event.instanceId()))
                : new TokenScope.SelectorScope(event.projectId(), event.regionId(), event.selector());
        model.live().tokens().put(event.tokenId(), event.secretHash(), scope, event.role(), event.validUntil());
    }

    @EventHandler
    public void on(TokenAllowedNetworksSet event) {
        model.live().tokens().allowNetworks(event.tokenId(), AllowedNetworks.of(event.allowedNetworks()));
    }

    @EventHandler
    public void on(TokenRegenerated event) {
        AuthState state = model.live();
        long[] replaced = state.tokens().replaceHash(event.tokenId(), event.secretHash());
        if (replaced != null) { // kept to tell a leaked old secret from a random guess; it opens nothing
            state.superseded().supersede(event.tokenId(), state.tokens().validUntilOf(event.tokenId()), replaced,
                    state::isLive);
        }
    }

    @EventHandler
    public void on(TokenRevoked event) {
        model.live().tokens().remove(event.tokenId());
    }

    @EventHandler
    public void on(TokenExpired event) {
        model.live().tokens().remove(event.tokenId());
    }

    @EventHandler
    public void on(InstanceRegistered event) {
        model.live().instances().register(new InstanceKey(event.projectId(), event.regionId(), event.instanceId()), event.labels());
    }

    @EventHandler
    public void on(InstanceRelabelled event) {
        model.live().instances().relabel(event.instanceId(), event.labels());
    }

    @EventHandler
    public void on(InstanceDeleted event) {
        model.live().instances().delete(event.instanceId());
    }

    @EventHandler
    public void on(ServiceAccountCreated event) {
        model.live().serviceAccounts().add(new ServiceAccountDirectory.Account(event.serviceAccountId(),
                event.projectId(), event.name(), event.description(), event.role(), event.keyHash(), event.createdAt(),
                event.validUntil(), null));
    }

    @EventHandler
    public void on(ServiceAccountUpdated event) {
        model.live().serviceAccounts().update(event.serviceAccountId(), event.name(), event.description(), event.role());
    }

    @EventHandler
    public void on(ServiceAccountKeyRotated event) {
        model.live().serviceAccounts().rotate(event.serviceAccountId(), event.keyHash(), event.rotatedAt());
    }

    @EventHandler
    public void on(ServiceAccountDeleted event) {
        model.live().serviceAccounts().remove(event.serviceAccountId());
    }
}
