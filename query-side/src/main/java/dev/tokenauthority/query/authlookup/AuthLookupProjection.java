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
 * Builds the auth-lookup model ({@link AuthLookupIndex} and {@link InstanceRegistry}, in {@link AuthLookupModel})
 * from token and instance events. Its tracking token lives in memory with the model, so every start replays the event store from the
 * first event: the model is exactly what history says, and a secret superseded by a regeneration is never
 * restored by a replay.
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
        model.target().tokens().put(event.tokenId(), event.secretHash(), scope, event.role(), event.validUntil());
    }

    @EventHandler
    public void on(TokenRegenerated event) {
        model.target().tokens().replaceHash(event.tokenId(), event.secretHash());
    }

    @EventHandler
    public void on(TokenRevoked event) {
        model.target().tokens().remove(event.tokenId());
    }

    @EventHandler
    public void on(TokenExpired event) {
        model.target().tokens().remove(event.tokenId());
    }

    @EventHandler
    public void on(InstanceRegistered event) {
        model.target().instances().register(new InstanceKey(event.projectId(), event.regionId(), event.instanceId()), event.labels());
    }

    @EventHandler
    public void on(InstanceRelabelled event) {
        model.target().instances().relabel(event.instanceId(), event.labels());
    }

    @EventHandler
    public void on(InstanceDeleted event) {
        model.target().instances().delete(event.instanceId());
    }

    /** A replay builds a new model from the first event, beside the one verify calls keep reading. */
    @ResetHandler
    public void onReset() {
        model.beginRebuild();
    }
}
