package dev.tokenauthority.events.signal;

/**
 * A command the query side's overdue-expiry sweep sends, the command side handles: the token's {@code validUntil}
 * passed a while ago and it has not expired. Its expiry deadline normally fires within a second; this one is the net
 * for a deadline lost (H2 can lose the row of one in a crash, h2database #2080). The token expires at most once, so
 * the sweep may send it again safely, and a deadline that fires after it changes nothing.
 */
public record RecordOverdueExpiry(String tokenId) {
}
