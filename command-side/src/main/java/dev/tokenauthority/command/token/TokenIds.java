package dev.tokenauthority.command.token;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * New token ids: UUIDs of version 7 (RFC 9562 §5.7), the creation millisecond followed by 74 random bits.
 *
 * <p>Why not version 4: every index keyed by a token id (the event store's aggregate index, the catalogue, the
 * audit trail) is a B-tree, and a random key lands on a random page of it. At a million tokens that page is
 * rarely cached, so each insert read and rewrote one; an id that grows with time is appended at the tree's
 * right edge instead. The creation time it reveals is no secret: the API shows it as {@code createdAt}.
 */
@Component
public class TokenIds {

    private static final long VERSION_7 = 0x7000L;
    private static final long VARIANT_RFC_9562 = 0x8000_0000_0000_0000L;

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public TokenIds(Clock clock) {
        this.clock = clock;
    }

    public String next() {
        long mostSignificant = clock.millis() << 16 | VERSION_7 | random.nextInt(1 << 12);
        long leastSignificant = random.nextLong() >>> 2 | VARIANT_RFC_9562;
        return new UUID(mostSignificant, leastSignificant).toString();
    }
}
