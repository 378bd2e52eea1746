package dev.tokenauthority.query.authlookup;

import dev.tokenauthority.events.token.TokenCreated;
import dev.tokenauthority.events.token.TokenExpired;
import dev.tokenauthority.events.token.TokenRegenerated;
import dev.tokenauthority.events.token.TokenRevoked;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.stereotype.Component;

/**
 * Builds the {@link AuthLookupIndex} from token events. Its tracking token lives in memory with the index, so
 * every start replays the event store from the first event: the index is exactly what history says, and a
 * secret superseded by a regeneration is never restored by a replay.
 */
@Component
@ProcessingGroup(AuthLookupProjection.PROCESSING_GROUP)
public class AuthLookupProjection {

    public static final String PROCESSING_GROUP = "auth-lookup";

    private final AuthLookupIndex index;

    public AuthLookupProjection(AuthLookupIndex index) {
        this.index = index;
    }

    @EventHandler
    public void on(TokenCreated event) {
        index.put(event.tokenId(), event.secretHash(),
                new InstanceScope(event.projectId(), event.regionId(), event.instanceId()), event.validUntil());
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

    @ResetHandler
    public void onReset() {
        index.clear();
    }
}
