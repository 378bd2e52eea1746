package dev.tokenauthority.query.authlookup;

import org.springframework.stereotype.Component;

/**
 * The auth-lookup model the verifier reads, and, during a replay, the one being rebuilt beside it. Verify calls
 * keep reading the {@link #live()} state while the replay fills {@link #target()}; {@link #completeRebuild()}
 * switches to the rebuilt state in one volatile write, so a reader sees either the whole old model or the whole
 * new one.
 */
@Component
public class AuthLookupModel {

    private volatile AuthState live = AuthState.empty();
    private volatile AuthState building;

    /** What verify calls read. */
    public AuthState live() {
        return live;
    }

    /** Where the projection writes: the state being rebuilt during a replay, the live one otherwise. */
    AuthState target() {
        AuthState rebuilding = building;
        return rebuilding != null ? rebuilding : live;
    }

    /**
     * A replay starts from the first event: it builds a fresh state, beside the live one, sized for as many
     * tokens as the live one has, so that it does not grow (and briefly hold two tables) on the way.
     */
    void beginRebuild() {
        building = new AuthState(new AuthLookupIndex(live.tokens().size()), new InstanceRegistry(),
                new ServiceAccountDirectory());
    }

    public boolean isRebuilding() {
        return building != null;
    }

    /** The rebuilt state becomes the live one, at once. */
    public synchronized void completeRebuild() {
        AuthState rebuilt = building;
        if (rebuilt != null) {
            live = rebuilt;
            building = null;
        }
    }
}
