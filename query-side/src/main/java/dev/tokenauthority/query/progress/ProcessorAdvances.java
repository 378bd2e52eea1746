package dev.tokenauthority.query.progress;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.EventTrackerStatusChangeListener;
import org.springframework.stereotype.Component;

/**
 * Wakes whoever waits for a read model to reach an event, when one of the read models' processors has moved on.
 * Axon calls it after a processor has stored a batch and advanced its status, which is what the waiters read.
 * In a cluster, another node's advance of a shared read model counts too ({@link #signal}), and local advances
 * are passed on ({@link #onAdvance}) so that other nodes hear of them.
 *
 * <p>Axon reports a change of position, not an event of an earlier gap handled without the position moving; so a
 * waiter also looks again after a short pause of its own ({@link #awaitAdvance}).
 */
@Component
public class ProcessorAdvances implements EventTrackerStatusChangeListener {

    private final Object monitor = new Object();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private long advances;

    @Override
    public void onEventTrackerStatusChange(Map<Integer, EventTrackerStatus> updatedTrackerStatus) {
        signal();
        listeners.forEach(Runnable::run);
    }

    /** Something a waiter may be waiting for has happened (here or on another node): look again. */
    public void signal() {
        synchronized (monitor) {
            advances++;
            monitor.notifyAll();
        }
    }

    /** Runs {@code listener} on the processor's thread after each of this node's advances: keep it short. */
    public void onAdvance(Runnable listener) {
        listeners.add(listener);
    }

    /** Positions too, not only the processor's states: every batch counts. */
    @Override
    public boolean validatePositions() {
        return true;
    }

    /** The number of advances so far: pass it to {@link #awaitAdvance} to wait for the next one. */
    public long advancesSoFar() {
        synchronized (monitor) {
            return advances;
        }
    }

    /** Returns when there has been an advance after {@code seen}, or after {@code maxMillis}. */
    public void awaitAdvance(long seen, long maxMillis) throws InterruptedException {
        synchronized (monitor) {
            if (advances == seen) {
                monitor.wait(maxMillis);
            }
        }
    }
}
