package dev.tokenauthority.edge.limit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Limits failed verifications per client address, so that nobody can test guessed secrets at speed: a bucket
 * of {@code burst} failures per address, refilled at {@code per-minute}. Only failures take from the
 * bucket, so valid callers never wait; once an address's bucket is empty, every verification from it is refused
 * (429) until a failure's worth has refilled — checking its secrets anyway would keep the guessing oracle open.
 *
 * <p>Memory is bounded: at most {@code max-addresses} buckets, each dropped once full again. Checking and
 * counting are two steps, so a burst of concurrent guesses can overdraw a bucket by the number in flight; the
 * overdraw is then waited off, not forgotten. Addresses are IPv4 addresses or IPv6 /64 prefixes.
 */
@Component
public class FailedVerificationLimiter {

    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]{1,44}");

    private final Clock clock;
    private final boolean enabled;
    /** Time one failure's worth takes to refill. */
    private final long intervalMillis;
    /** How far ahead of now an address's failures may have pushed its time before it is refused. */
    private final long toleranceMillis;
    private final Cache<String, Bucket> buckets;

    public FailedVerificationLimiter(Clock clock,
                                     @Value("${token-authority.gateway.failed-verifications.burst:20}") int burst,
                                     @Value("${token-authority.gateway.failed-verifications.per-minute:30}") int perMinute,
                                     @Value("${token-authority.gateway.failed-verifications.max-addresses:100000}") int maxAddresses) {
        if (burst < 0 || perMinute < 1 || perMinute > 60_000 || maxAddresses < 1) {
            throw new IllegalStateException("token-authority.gateway.failed-verifications: burst >= 0 (0: no limit),"
                    + " per-minute 1 to 60000, max-addresses >= 1");
        }
        this.clock = clock;
        this.enabled = burst > 0;
        this.intervalMillis = Duration.ofMinutes(1).toMillis() / perMinute;
        this.toleranceMillis = (burst - 1L) * intervalMillis;
        // A bucket lives until it is full again, however far concurrent failures pushed it: forgetting it earlier
        // would forgive an overdraw.
        this.buckets = Caffeine.newBuilder().maximumSize(maxAddresses)
                .expireAfter(Expiry.accessing((String address, Bucket bucket) -> bucket.untilFull(clock.millis())))
                .build();
    }

    /** Zero when {@code address} may be verified now, else how long until it may (whole seconds, at least one). */
    public Duration retryAfter(String address) {
        if (!enabled) {
            return Duration.ZERO;
        }
        Bucket bucket = buckets.getIfPresent(key(address));
        long waitMillis = bucket == null ? 0 : bucket.waitMillis(clock.millis());
        return waitMillis <= 0 ? Duration.ZERO : Duration.ofSeconds((waitMillis + 999) / 1000);
    }

    /** Counts one failure against the address. */
    public void recordFailure(String address) {
        if (enabled) {
            long now = clock.millis();
            buckets.get(key(address), a -> new Bucket(now)).fail(now);
        }
    }

    /**
     * What an address is counted as: itself for IPv4, its /64 for IPv6, where one subscriber usually holds a
     * whole /64 and could otherwise start a fresh bucket with every address of it.
     */
    static String key(String address) {
        if (address.indexOf(':') < 0 || !IPV6_LITERAL.matcher(address).matches()) {
            return address;
        }
        try {
            // Only hex digits, ':' and '.', starting with one of them: parsed as a literal, never looked up in DNS.
            byte[] bytes = InetAddress.getByName(address).getAddress();
            if (bytes.length == 16) {
                return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
            }
            return address;
        } catch (UnknownHostException malformed) {
            return address;
        }
    }

    /**
     * The bucket as a "theoretical arrival time" (the generic cell rate algorithm): each failure pushes the
     * address's time one interval further; the address is refused while that time is more than the tolerance
     * ahead of now. Integer milliseconds: no rounding drift.
     */
    private final class Bucket {
        private long theoreticalTime;

        Bucket(long now) {
            this.theoreticalTime = now;
        }

        synchronized long waitMillis(long now) {
            return theoreticalTime - now - toleranceMillis;
        }

        /** Until the address's failures are all forgiven, plus one interval for a failure on its way. */
        synchronized Duration untilFull(long now) {
            return Duration.ofMillis(Math.max(0, theoreticalTime - now) + intervalMillis);
        }

        synchronized void fail(long now) {
            theoreticalTime = Math.max(theoreticalTime, now) + intervalMillis;
        }
    }
}
