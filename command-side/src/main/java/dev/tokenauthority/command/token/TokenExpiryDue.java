package dev.tokenauthority.command.token;

import java.time.Instant;

/** Payload of the expiry deadline: the token's lifetime ends at {@code validUntil}. */
public record TokenExpiryDue(String tokenId, Instant validUntil) {
}
