package dev.tokenauthority.query.authlookup;

import dev.tokenauthority.events.instance.InstanceDeleted;
import dev.tokenauthority.events.instance.InstanceRegistered;
import dev.tokenauthority.events.instance.InstanceRelabelled;
import dev.tokenauthority.events.token.TokenCreated;
import dev.tokenauthority.events.token.TokenExpired;
import dev.tokenauthority.events.token.TokenRegenerated;
import dev.tokenauthority.events.token.TokenRevoked;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.stereotype.Component;

/**
 * Builds the auth-lookup model ({@link AuthLookupIndex} and {@link InstanceRegistry}) from token and instance
 * events. Its tracking token lives in memory with the model, so every start replays the event store from the
 * first event: the model is exactly what history says, and a secret superseded by a regeneration is never
 * restored by a replay.
 */
@Component
@ProcessingGroup(AuthLookupProjection.PROCESSING_GROUP)
public class AuthLookupProjection {

    public static final String PROCESSING_GROUP = "auth-lookup";

    private final AuthLookupIndex index;
    private final InstanceRegistry instances;

    public AuthLookupProjection(AuthLookupIndex index, InstanceRegistry instances) {
        this.index = index;
        this.instances = instances;
    }

    @EventHandler
    public void on(TokenCreated event) {
        TokenScope scope = event.isInstanceToken()
                ? new TokenScope.InstanceScope(new InstanceKey(event.projectId(), event.regionId(), event.instanceId()))
                : new TokenScope.SelectorScope(event.projectId(), event.regionId(), event.selector());
        index.put(event.tokenId(), event.secretHash(), scope, event.role(), event.validUntil());
    }

    @EventHandler
    public void on(TokenRegenerated event) {
        index.replaceHash(event.tokenId(), event.secretHash());
    }

    @EventHandler
    public void on(TokenRevoked event) {
        index.remove(event.tokenId());
    }

    @EventHandler
    public void on(TokenExpired event) {
        index.remove(event.tokenId());
    }

    @EventHandler
    public void on(InstanceRegistered event) {
        instances.register(new InstanceKey(event.projectId(), event.regionId(), event.instanceId()), event.labels());
    }

    @EventHandler
    public void on(InstanceRelabelled event) {
        instances.relabel(event.instanceId(), event.labels());
    }

    @EventHandler
    public void on(InstanceDeleted event) {
        instances.delete(event.instanceId());
    }

    @ResetHandler
    public void onReset() {
        index.clear();
        instances.clear();
    }
}
