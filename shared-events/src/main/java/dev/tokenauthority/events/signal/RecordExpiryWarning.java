package dev.tokenauthority.events.signal;

import java.time.Duration;

/**
 * A command the query side's expiry-warning sweep sends, the command side handles: warn that the token expires within
 * {@code lead}. The token records it at most once per lead time, and never a longer lead after a shorter one, so a
 * sweep may send it again safely.
 */
public record RecordExpiryWarning(String tokenId, Duration lead) {
}
