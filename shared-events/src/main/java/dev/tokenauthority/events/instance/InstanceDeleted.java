package dev.tokenauthority.events.instance;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** An instance was deleted: no token opens it from now on, whatever its scope. */
@Revision("1")
public record InstanceDeleted(String instanceId, Instant deletedAt) {
}
