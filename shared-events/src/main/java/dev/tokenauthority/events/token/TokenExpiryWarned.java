package dev.tokenauthority.events.token;

import java.time.Duration;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The token will expire within {@code lead} (one of the configured lead times, default 7 days and 1 day): a warning,
 * recorded once per lead time, shown on the token and, later, sent to the configured webhooks. Nothing about the
 * token changes.
 *
 * @param lead how long before {@code validUntil} this warning is for
 */
@Revision("1")
public record TokenExpiryWarned(String tokenId, Instant validUntil, Duration lead, Instant warnedAt) {
}
