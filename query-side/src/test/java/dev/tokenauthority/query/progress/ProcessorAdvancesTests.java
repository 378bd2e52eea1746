package dev.tokenauthority.query.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcessorAdvancesTests {

    private static final long AN_HOUR_MILLIS = 3_600_000;

    private final ProcessorAdvances advances = new ProcessorAdvances();

    @Test
    void aWaiterWakesWhenAProcessorMovesOn() throws Exception {
        long seen = advances.advancesSoFar();
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
            waiting.countDown();
            try {
                advances.awaitAdvance(seen, AN_HOUR_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiting.await(10, TimeUnit.SECONDS);

        advances.onEventTrackerStatusChange(Map.of());

        waiter.get(10, TimeUnit.SECONDS); // not the hour: woken by the advance
        assertThat(advances.advancesSoFar()).isEqualTo(seen + 1);
    }

    @Test
    void anAdvanceBeforeTheWaitIsNotMissed() throws Exception {
        long seen = advances.advancesSoFar();
        advances.onEventTrackerStatusChange(Map.of());

        CompletableFuture.runAsync(() -> {
            try {
                advances.awaitAdvance(seen, AN_HOUR_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).get(10, TimeUnit.SECONDS);
    }

    @Test
    void everyBatchCountsNotOnlyChangesOfState() {
        assertThat(advances.validatePositions()).isTrue();
    }
}
