package dev.tokenauthority.app.config;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * Sends a command again when it lost a race with another node's change of the same aggregate (both appended the same
 * sequence number: {@link ConcurrencyException}), up to {@value #MAX_RETRIES} times after a short random pause. The
 * retry loads the aggregate afresh, so it decides on the winner's state, as if the two calls had come one after the
 * other. Within one node Axon's aggregate lock already serialises commands; across nodes, what makes such races
 * likely is the service's own background writes to a token (a leak signal recorded while an admin changes the token
 * on another node): an admin should not get a {@code 409} for those. Nothing else is retried: every other failure is
 * the command's answer.
 */
final class ConcurrentChangeRetry implements RetryScheduler {

    static final int MAX_RETRIES = 3;

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "concurrent-change-retry");
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public boolean scheduleRetry(CommandMessage commandMessage, RuntimeException lastFailure,
                                 List<Class<? extends Throwable>[]> failures, Runnable dispatchTask) {
        if (!(lastFailure instanceof ConcurrencyException) || failures.size() > MAX_RETRIES) {
            return false;
        }
        long pauseMillis = failures.size() * ThreadLocalRandom.current().nextLong(5, 30); // apart from the winner's next
        try {
            executor.schedule(dispatchTask, pauseMillis, TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException shuttingDown) {
            return false;
        }
    }

    void shutdown() {
        executor.shutdownNow();
    }
}
