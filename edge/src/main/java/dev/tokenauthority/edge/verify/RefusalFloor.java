package dev.tokenauthority.edge.verify;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The least time a refused secret's check takes, from its start: {@code token-authority.verify.refusal-floor}
 * (1 ms). Each kind of refused secret (unknown, malformed, revoked, superseded, expired, of a deleted instance, out
 * of scope) takes a path of its own through the verifier and the refusal's log line and signal, a few microseconds
 * apart (the uncommon paths run with cold caches); ten thousand samples told them apart (battery test 6), which
 * would tell an attacker that a stolen secret was once valid. Holding every refusal to one floor, well above all
 * of those paths, makes them leave alike whatever they did.
 *
 * <p>The thread parks meanwhile (no CPU), so a flood of refusals costs threads, not cores: with Tomcat's 200, the
 * default floor still lets 200,000 refusals a second through, and the failed-verification limit answers sooner
 * (429, not held). Only refusals of a presented secret wait: never an allowed call, nor a request without one.
 * {@code 0} turns it off; more than {@value #MAX_MILLIS} ms is refused at start.
 */
@Component
public class RefusalFloor {

    static final long MAX_MILLIS = 1_000;
    /** Parks that may end early (a spurious wake-up) before the hold gives up: every loop here is bounded. */
    static final int MAX_PARKS = 100;

    private final long floorNanos;
    private final LongSupplier nanoTime;
    private final LongConsumer park;

    @Autowired
    RefusalFloor(@Value("${token-authority.verify.refusal-floor:1ms}") Duration floor) {
        this(floor, System::nanoTime, LockSupport::parkNanos);
    }

    RefusalFloor(Duration floor, LongSupplier nanoTime, LongConsumer park) {
        if (floor.isNegative() || floor.toMillis() > MAX_MILLIS) {
            throw new IllegalArgumentException("token-authority.verify.refusal-floor must be between 0 and "
                    + MAX_MILLIS + "ms (a refusal holds a request thread that long), not " + floor);
        }
        this.floorNanos = floor.toNanos();
        this.nanoTime = nanoTime;
        this.park = park;
    }

    /** When a check starts: what {@link #holdFrom} counts from. */
    long start() {
        return nanoTime.getAsLong();
    }

    /** Returns once the floor has passed since {@code started}: at once if it has, or if the thread is interrupted. */
    void holdFrom(long started) {
        for (int parks = 0; parks < MAX_PARKS; parks++) {
            long left = started + floorNanos - nanoTime.getAsLong();
            if (left <= 0 || Thread.currentThread().isInterrupted()) {
                return;
            }
            park.accept(left);
        }
    }
}
