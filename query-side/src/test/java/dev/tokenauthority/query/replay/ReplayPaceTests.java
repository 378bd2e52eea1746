package dev.tokenauthority.query.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A rebuild held to a rate handles every event, and no faster than the rate (a lower bound: nothing here is timed). */
class ReplayPaceTests {

    @Test
    void aRateHoldsEventsToIt() throws Exception {
        ReplayPace pace = new ReplayPace(2_000);
        int[] handled = {0};
        long started = System.nanoTime();
        for (int i = 0; i < 500; i++) {
            pace.handle(null, () -> handled[0]++);
        }
        // 500 events at 2,000 a second take at least 0.25 s, less the millisecond the pace may run ahead
        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(250_000_000L - 2_000_000L);
        assertThat(handled[0]).isEqualTo(500);
    }
}
