package dev.tokenauthority.query.authlookup;

import java.time.Instant;

/**
 * What the verifier needs to decide about one active secret: whose it is, what it opens, until when.
 * {@code scope} instances are shared between the tokens of one instance.
 */
public record AuthEntry(String tokenId, InstanceScope scope, Instant validUntil) {
}
