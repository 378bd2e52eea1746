package dev.tokenauthority.events.token;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A token was deleted by an administrator: it opens nothing from now on and leaves every listing. */
@Revision("1")
public record TokenRevoked(String tokenId, Instant revokedAt) {
}
