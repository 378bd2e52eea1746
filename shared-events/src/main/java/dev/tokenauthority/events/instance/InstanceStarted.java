package dev.tokenauthority.events.instance;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** An instance was started. */
@Revision("1")
public record InstanceStarted(String instanceId, Instant startedAt) {
}
