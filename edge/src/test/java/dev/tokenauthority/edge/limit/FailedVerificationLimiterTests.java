package dev.tokenauthority.edge.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailedVerificationLimiterTests {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-23T10:00:00Z"));

    /** 5 failures at once, then one every 6 s (10 a minute). */
    private final FailedVerificationLimiter limiter = new FailedVerificationLimiter(clock, 5, 10, 1000);

    @Test
    void anAddressMayFailAsOftenAsTheBurstThenWaits() {
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.retryAfter("10.0.0.1")).as("failure %d", i).isZero();
            limiter.recordFailure("10.0.0.1");
        }
        assertThat(limiter.retryAfter("10.0.0.1")).isEqualTo(Duration.ofSeconds(6));

        clock.advance(Duration.ofSeconds(5));
        assertThat(limiter.retryAfter("10.0.0.1")).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.retryAfter("10.0.0.1")).isZero();
        limiter.recordFailure("10.0.0.1");
        assertThat(limiter.retryAfter("10.0.0.1")).as("one failure refilled, one spent").isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void otherAddressesAreNotAffected() {
        for (int i = 0; i < 50; i++) {
            limiter.recordFailure("10.0.0.1");
        }
        assertThat(limiter.retryAfter("10.0.0.1")).isPositive();
        assertThat(limiter.retryAfter("10.0.0.2")).isZero();
        assertThat(limiter.retryAfter("::1")).isZero();
    }

    @Test
    void anAddressWithoutFailuresIsNeverLimited() {
        for (int i = 0; i < 10_000; i++) {
            assertThat(limiter.retryAfter("10.0.0.3")).isZero();
        }
    }

    @Test
    void theBucketRefillsToTheBurstAndNoFurther() {
        for (int i = 0; i < 5; i++) {
            limiter.recordFailure("10.0.0.4");
        }
        clock.advance(Duration.ofHours(1));
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.retryAfter("10.0.0.4")).as("failure %d after an hour", i).isZero();
            limiter.recordFailure("10.0.0.4");
        }
        assertThat(limiter.retryAfter("10.0.0.4")).isPositive();
    }

    @Test
    void anIpv6AddressCountsAsItsSlash64() {
        for (int i = 0; i < 5; i++) {
            limiter.recordFailure("2001:db8:1:2::" + Integer.toHexString(i + 1));
        }
        assertThat(limiter.retryAfter("2001:db8:1:2:ffff:ffff:ffff:ffff")).as("same /64").isPositive();
        assertThat(limiter.retryAfter("2001:db8:1:3::1")).as("another /64").isZero();
        assertThat(FailedVerificationLimiter.key("2001:db8:1:2::1")).isEqualTo("20010db800010002::/64");
        assertThat(FailedVerificationLimiter.key("192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(FailedVerificationLimiter.key("2001:zz::1")).isEqualTo("2001:zz::1");
    }

    @Test
    void aBurstOfZeroTurnsTheLimitOff() {
        FailedVerificationLimiter off = new FailedVerificationLimiter(clock, 0, 10, 1000);
        for (int i = 0; i < 100; i++) {
            off.recordFailure("10.0.0.5");
        }
        assertThat(off.retryAfter("10.0.0.5")).isZero();
    }

    @Test
    void nonsenseSettingsAreRefusedAtStart() {
        assertThatThrownBy(() -> new FailedVerificationLimiter(clock, -1, 10, 1000)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new FailedVerificationLimiter(clock, 5, 0, 1000)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new FailedVerificationLimiter(clock, 5, 10, 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new FailedVerificationLimiter(clock, 5, 60_001, 100)).as("an interval under 1 ms")
                .isInstanceOf(IllegalStateException.class);
    }
}
