package dev.tokenauthority.events.token;

import org.axonframework.serialization.Revision;

/**
 * A token's name and/or description changed. Carries both current values, so a reader never needs the
 * previous event to know what the token is called now.
 */
@Revision("1")
public record TokenRenamed(String tokenId, String name, String description) {
}
