package dev.tokenauthority.events.token;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A token reached the end of its lifetime. It stays listed, as {@code inactive}, and opens nothing.
 *
 * @param expiredAt the token's {@code validUntil}: the moment it stopped being valid, whenever the system
 *                  noticed
 */
@Revision("1")
public record TokenExpired(String tokenId, Instant expiredAt) {
}
