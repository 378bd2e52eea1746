package dev.tokenauthority.events.instance;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** An instance was stopped. */
@Revision("1")
public record InstanceStopped(String instanceId, Instant stoppedAt) {
}
