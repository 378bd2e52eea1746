package dev.tokenauthority.events.readmodel;

import java.time.Duration;

/**
 * Asks the query side whether its read models have processed every event up to and including the one at
 * {@code globalIndex} of the event store, waiting at most {@code maxWait} for them to get there. Answered with
 * a {@link Boolean}.
 *
 * <p>The write API sends it after a command succeeded, so that its response means "already visible": after a
 * regenerate returns, the verifier of this node rejects the old secret, and a list shows the new name.
 */
public record FindReadModelsCaughtUp(long globalIndex, Duration maxWait) {
}
