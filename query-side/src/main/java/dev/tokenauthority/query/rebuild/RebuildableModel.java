package dev.tokenauthority.query.rebuild;

import java.util.List;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;

/**
 * A read model that can be rebuilt from the first event beside the live one, which keeps serving reads and
 * following writes meanwhile. The replay (query.replay) feeds {@link #beginRebuild}'s handlers from a processor of
 * its own, and once they have caught up with the live processor, stops both and calls {@link #switchToRebuilt};
 * the live processor then goes on from the rebuilt model's position. Nothing else about a rebuild is the model's
 * business.
 */
public interface RebuildableModel {

    /** The processing group of the processor that keeps the live model. */
    String processingGroup();

    /** An empty model beside the live one, and the event handlers (the model's own projections) that fill it. */
    List<Object> beginRebuild();

    /** What wraps each event the rebuild applies, if the model needs it (the auth lookup records its position). */
    default List<MessageHandlerInterceptor<? super EventMessage<?>>> rebuildInterceptors() {
        return List.of();
    }

    /** Makes the rebuilt model the live one, at once for readers; both processors are stopped. */
    void switchToRebuilt();

    /** A digest of the live model: equal digests, equal models. */
    String digest();

    /** A digest of the model the last switch replaced (no longer written), to compare with the rebuilt one. */
    String replacedDigest();

    /** Lets the replaced model go, once it has been compared. */
    default void dropReplaced() {
    }
}
