package dev.tokenauthority.events.project;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A project's owner set its token policy. Recorded only when it changed.
 *
 * @param onSupersededUse what a presented superseded secret of the project's tokens does to the token
 */
@Revision("1")
public record ProjectPolicySet(String projectId, SupersededUsePolicy onSupersededUse, Instant setAt) {
}
