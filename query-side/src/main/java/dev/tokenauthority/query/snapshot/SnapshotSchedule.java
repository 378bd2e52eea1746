package dev.tokenauthority.query.snapshot;

import dev.tokenauthority.query.progress.ReadModelProgress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;

/**
 * When snapshots are written: once the auth lookup has caught up after a start that found no recent snapshot (so
 * the next start is fast), then every {@code token-authority.snapshot.interval} while the model moves on, and at a
 * clean stop (before the processors stop). Writing happens on a thread of its own; a failure is logged and the next
 * round tries again: a missing snapshot only makes the next start slower.
 */
class SnapshotSchedule {

    private static final Logger log = LoggerFactory.getLogger(SnapshotSchedule.class);
    private static final long LOOK_EVERY_MILLIS = 1000;

    private final AuthLookupSnapshots snapshots;
    private final ReadModelProgress progress;
    private final Duration interval;
    private final Clock clock;
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "auth-lookup-snapshot");
        thread.setDaemon(true);
        return thread;
    });

    SnapshotSchedule(AuthLookupSnapshots snapshots, ReadModelProgress progress, Duration interval, Clock clock) {
        this.snapshots = snapshots;
        this.progress = progress;
        this.interval = interval;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        writer.scheduleWithFixedDelay(this::writeIfDue, LOOK_EVERY_MILLIS, LOOK_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void writeIfDue() {
        Instant last = snapshots.lastWrittenAt();
        if (progress.authLookupReady() && (last == null || !clock.instant().isBefore(last.plus(interval)))) {
            write("scheduled");
        }
    }

    @EventListener(ContextClosedEvent.class)
    void stop() {
        writer.shutdownNow();
        try {
            writer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (progress.authLookupReady()) {
            write("at the stop");
        }
    }

    private void write(String when) {
        try {
            snapshots.write();
        } catch (Exception e) {
            log.warn("auth lookup: the {} snapshot was not written ({}); the next start replays more of the store",
                    when, e.toString());
        }
    }
}
