package dev.tokenauthority.edge.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The floor of a refusal, on a clock of the test's that only parking moves (here nothing else takes time). */
class RefusalFloorTests {

    private long now = 5_000_000;
    private final List<Long> parks = new ArrayList<>();

    /** A floor whose first park ends {@code firstWokenEarlyBy} ns early (a spurious wake-up), the others on time. */
    private RefusalFloor floor(Duration floor, long firstWokenEarlyBy) {
        return new RefusalFloor(floor, () -> now, nanos -> {
            now += nanos - (parks.isEmpty() ? firstWokenEarlyBy : 0);
            parks.add(nanos);
        });
    }

    @Test
    void aRefusalReturnsOnceTheFloorHasPassedSinceItsCheckBegan() {
        RefusalFloor floor = floor(Duration.ofMillis(1), 0);
        long started = floor.start();
        now += 300_000; // the check's own work

        floor.holdFrom(started);

        assertThat(parks).containsExactly(700_000L);
        assertThat(now - started).isEqualTo(1_000_000);
    }

    @Test
    void aWakeUpBeforeTheFloorParksAgainForWhatIsLeft() {
        RefusalFloor floor = floor(Duration.ofMillis(1), 400_000);
        long started = floor.start();

        floor.holdFrom(started);

        assertThat(parks).containsExactly(1_000_000L, 400_000L);
        assertThat(now - started).isEqualTo(1_000_000);
    }

    @Test
    void aCheckThatTookLongerThanTheFloorIsNotHeld() {
        RefusalFloor floor = floor(Duration.ofMillis(1), 0);
        long started = floor.start();
        now += 1_500_000;

        floor.holdFrom(started);

        assertThat(parks).isEmpty();
    }

    @Test
    void zeroTurnsItOff() {
        RefusalFloor floor = floor(Duration.ZERO, 0);

        floor.holdFrom(floor.start());

        assertThat(parks).isEmpty();
    }

    @Test
    void parksThatNeverAdvanceTimeEndAfterABoundedNumber() {
        RefusalFloor floor = new RefusalFloor(Duration.ofMillis(1), () -> now, parks::add);

        floor.holdFrom(floor.start());

        assertThat(parks).hasSize(RefusalFloor.MAX_PARKS);
    }

    @Test
    void anInterruptedThreadIsNotHeld() {
        RefusalFloor floor = floor(Duration.ofMillis(1), 0);
        Thread.currentThread().interrupt();
        try {
            floor.holdFrom(floor.start());
        } finally {
            assertThat(Thread.interrupted()).as("the interrupt stays for the caller to see").isTrue();
        }
        assertThat(parks).isEmpty();
    }

    @Test
    void aNegativeFloorOrOneThatHoldsAThreadOverASecondIsRefusedAtStart() {
        assertThatThrownBy(() -> new RefusalFloor(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("token-authority.verify.refusal-floor");
        assertThatThrownBy(() -> new RefusalFloor(Duration.ofMillis(1_001))).isInstanceOf(IllegalArgumentException.class);
        new RefusalFloor(Duration.ofSeconds(1));
    }
}
