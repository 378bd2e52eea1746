package dev.tokenauthority.query.replay;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * {@code --token-authority.replay-on-start=true}: rebuild the read models once the service is up. A replay starts
 * only once the models have caught up with the store after the start (the auth lookup replays it first), which on
 * a large store is well after the service is up: asked again until it starts. Asking once at start-up did nothing
 * on such a store, without a word.
 */
@Component
@ConditionalOnProperty(name = "token-authority.replay-on-start", havingValue = "true")
class ReplayOnStart {

    private static final Logger log = LoggerFactory.getLogger(ReplayOnStart.class);
    private static final Duration RETRY = Duration.ofMillis(200);
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(30);

    private final ReadModelReplay replay;

    ReplayOnStart(ReadModelReplay replay) {
        this.replay = replay;
    }

    @EventListener(ApplicationReadyEvent.class)
    void replay() {
        ScheduledExecutorService attempts = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "replay-on-start");
            thread.setDaemon(true);
            return thread;
        });
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        attempts.scheduleWithFixedDelay(() -> {
            if (replay.start()) {
                attempts.shutdown();
            } else if (System.nanoTime() > deadline) {
                log.error("the replay asked for at start did not start within {}; POST /v1alpha/replay", GIVE_UP_AFTER);
                attempts.shutdown();
            }
        }, 0, RETRY.toMillis(), TimeUnit.MILLISECONDS);
    }
}
