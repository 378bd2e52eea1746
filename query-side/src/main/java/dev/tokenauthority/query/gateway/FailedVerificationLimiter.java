package dev.tokenauthority.query.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Limits failed verifications per client address, so that nobody can test guessed secrets at speed: a bucket
 * of {@code burst} failures per address, refilled at {@code per-minute}. Only failures take from the
 * bucket, so valid callers never wait; once an address's bucket is empty, every verification from it is refused
 * (429) until a failure's worth has refilled — checking its secrets anyway would keep the guessing oracle open.
 *
 * <p>Memory is bounded: at most {@code max-addresses} buckets, dropped once full again (idle long enough).
 */
@Component
public class FailedVerificationLimiter {

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
        if (burst < 0 || perMinute < 1 || maxAddresses < 1) {
            throw new IllegalStateException(
                    "token-authority.gateway.failed-verifications: burst >= 0 (0: no limit), per-minute >= 1, max-addresses >= 1");
        }
        this.clock = clock;
        this.enabled = burst > 0;
        this.intervalMillis = Duration.ofMinutes(1).toMillis() / perMinute;
        this.toleranceMillis = (burst - 1L) * intervalMillis;
        this.buckets = Caffeine.newBuilder().maximumSize(maxAddresses)
                .expireAfterAccess(Duration.ofMillis(Math.max(1, burst * intervalMillis))).build();
    }

    /** Zero when {@code address} may be verified now, else how long until it may (whole seconds, at least one). */
    public Duration retryAfter(String address) {
        if (!enabled) {
            return Duration.ZERO;
        }
        Bucket bucket = buckets.getIfPresent(address);
        long waitMillis = bucket == null ? 0 : bucket.waitMillis(clock.millis());
        return waitMillis <= 0 ? Duration.ZERO : Duration.ofSeconds((waitMillis + 999) / 1000);
    }

    /** Counts one failure against the address. */
    public void recordFailure(String address) {
        if (enabled) {
            long now = clock.millis();
            buckets.get(address, a -> new Bucket(now)).fail(now);
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

        synchronized void fail(long now) {
            theoreticalTime = Math.max(theoreticalTime, now) + intervalMillis;
        }
    }
}
