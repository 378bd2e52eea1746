package dev.tokenauthority.query.authlookup;

import dev.tokenauthority.events.access.Role;
import java.time.Instant;

/**
 * What the verifier needs to decide about one active secret: whose it is, what it opens, with which role,
 * until when. Equal scopes are one shared object across the tokens that have them.
 */
public record AuthEntry(String tokenId, TokenScope scope, Role role, Instant validUntil) {
}
