package dev.tokenauthority.query.progress;

import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * Where the auth lookup's processor starts when the process starts (its position lives in memory, so it has none
 * then): from a snapshot, when one is found and proves sound, after loading it into the model; otherwise from the
 * first event.
 */
public interface AuthLookupStart {

    /** Prepares the model and answers the position it reflects; {@code null} for "from the first event". */
    TrackingToken startPosition(StreamableMessageSource<TrackedEventMessage<?>> events);
}
