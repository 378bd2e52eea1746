package dev.tokenauthority.query.authlookup;

import dev.tokenauthority.events.access.AllowedNetworks;
import dev.tokenauthority.events.access.Role;
import java.time.Instant;

/**
 * What the verifier needs to decide about one active secret: whose it is, what it opens, with which role,
 * until when, and from which client networks ({@link AllowedNetworks#ANY} for most tokens; {@code null} only for a
 * restricted token whose list was being lifted at that instant: then no address is allowed). Equal scopes are one
 * shared object across the tokens that have them.
 */
public record AuthEntry(String tokenId, TokenScope scope, Role role, Instant validUntil, AllowedNetworks networks) {

    /** Whether a request from {@code clientAddress} may use this token. */
    public boolean allowsAddress(String clientAddress) {
        return networks == AllowedNetworks.ANY || networks != null && networks.allows(clientAddress);
    }
}
