package dev.tokenauthority.query.progress;

import java.util.List;
import org.axonframework.eventhandling.TrackingToken;

/**
 * The positions a processor has stored, for read models that another node of a cluster may be the one
 * processing: this node then has no status of its own for them, and what counts is what has been committed.
 */
public interface StoredPositions {

    /** One token per segment, as stored; empty if the processor has stored none yet. */
    List<TrackingToken> storedTokens(String processorName);
}
