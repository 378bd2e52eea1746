package dev.tokenauthority.events.token;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A token got a new secret. From this event on, only {@code secretHash} opens it: every earlier secret of the
 * token is invalid for ever.
 *
 * @param tokenId       the token
 * @param secretHash    HMAC-SHA256 of the new secret, base64url
 * @param generation    which secret this is: 1 was issued at creation, 2 by the first regeneration, …
 * @param regeneratedAt when the new secret replaced the old one
 */
@Revision("1")
public record TokenRegenerated(String tokenId, String secretHash, int generation, Instant regeneratedAt) {
}
