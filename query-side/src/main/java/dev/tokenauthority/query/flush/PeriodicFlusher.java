package dev.tokenauthority.query.flush;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * What gathers in memory on the request path and is written out every {@code interval} by a daemon thread of its
 * own (last use, leak signals): started with the application, and stopped early (while the command bus and the
 * database are still there) with a last flush, so a clean stop loses nothing. A flush that throws is logged and
 * the next one comes as planned.
 */
public abstract class PeriodicFlusher implements SmartLifecycle {

    private final String threadName;
    private final Duration interval;
    private volatile ScheduledExecutorService executor;

    protected PeriodicFlusher(String threadName, Duration interval) {
        this.threadName = threadName;
        this.interval = interval;
    }

    /** One periodic flush. */
    protected abstract void flushNow();

    /** The flush of a clean stop: by default, the same. */
    protected void flushOnStop() {
        flushNow();
    }

    @Override
    public void start() {
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        started.scheduleWithFixedDelay(() -> quietly(this::flushNow), interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        executor = started;
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = executor;
        executor = null;
        if (running != null) {
            running.shutdownNow();
            quietly(this::flushOnStop);
        }
    }

    private void quietly(Runnable flush) {
        try {
            flush.run();
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(getClass()).warn("{} failed", threadName, e);
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100; // stopped early, while the command bus and the database are still there
    }
}
