package dev.tokenauthority.query.authlookup;

import dev.tokenauthority.query.rebuild.RebuildableModel;
import java.util.List;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.springframework.stereotype.Component;

/**
 * The auth lookup rebuilt in a model of its own, sized for as many tokens as the live one holds (so it does not
 * grow, and briefly hold two tables, on the way); the switch hands its state and position to the live model in one
 * volatile write. The replaced state is kept only until the replay has compared it.
 */
@Component
class AuthLookupRebuild implements RebuildableModel {

    private final AuthLookupModel live;
    private AuthLookupModel rebuilding;
    private volatile AuthState replaced;

    AuthLookupRebuild(AuthLookupModel live) {
        this.live = live;
    }

    @Override
    public String processingGroup() {
        return AuthLookupProjection.PROCESSING_GROUP;
    }

    @Override
    public synchronized List<Object> beginRebuild() {
        rebuilding = new AuthLookupModel(live.live().tokens().size());
        return List.of(new AuthLookupProjection(rebuilding));
    }

    @Override
    public synchronized List<MessageHandlerInterceptor<? super EventMessage<?>>> rebuildInterceptors() {
        return List.of(rebuilding.positionRecorder());
    }

    @Override
    public synchronized void switchToRebuilt() {
        replaced = live.live();
        live.takeOver(rebuilding);
        rebuilding = null;
    }

    @Override
    public String digest() {
        return live.live().digest();
    }

    @Override
    public String replacedDigest() {
        AuthState state = replaced;
        return state == null ? null : state.digest();
    }

    @Override
    public void dropReplaced() {
        replaced = null;
    }
}
