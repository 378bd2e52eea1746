package dev.tokenauthority.app.cluster;

import dev.tokenauthority.edge.log.ThrottledWarning;
import dev.tokenauthority.query.progress.ReadIndex;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read index of a node of a cluster ({@link ReadIndex}): when its standing does not let it accept tokens (fenced,
 * or its lease lapsed), a verification waits up to {@code wait} until this node's auth lookup holds every event
 * committed up to a head of the event store read after the verification arrived ({@link CommittedHeadProbe}).
 * One thread reads the heads and checks them off as the auth lookup moves on: a head read answers every
 * verification that arrived before the read started, and a verification that arrives while the node is still
 * catching up to an older head gets a head of its own within milliseconds, not after that older one is reached.
 * Under a flood of verifications the store sees one small query at a time, not one per request.
 *
 * <p>Why: a write fences a node that has not applied its event within {@code fence-after}, and the node then refused
 * every token until its heartbeats had marked it serving again, 1-4 s later. On a host stalled for a second or two
 * that is often: at the full scale of battery test 2 over three nodes on two cores, fenced nodes answered {@code 503}
 * to up to 9,055 of 97,884 verifications. Without the database (stopped, frozen, cut off) nothing is confirmed and
 * the node refuses, as before: once a query tried after the verification arrived has failed, or at once while one
 * has hung longer than {@code headLimit} (a frozen database), so that an outage of the database does not hold a
 * request thread for the whole wait per call.
 * A head the auth lookup has not reached within {@code headLimit} is given up. {@code wait} 0 turns it off.
 */
final class StoreReadIndex implements ReadIndex {

    /** What the read index asks of the store and of this node's auth lookup. */
    interface Probe {

        /** The highest position of a committed event, read now. */
        long committedHead() throws Exception;

        /** Whether this node's auth lookup holds every event committed up to {@code head}, as of now. */
        boolean holdsEverythingUpTo(long head) throws Exception;

        /** Returns when the auth lookup has moved on, or after {@code maxMillis}. */
        void awaitProgress(long maxMillis) throws InterruptedException;
    }

    private record Head(long readStartedAt, long position) {
    }

    private static final Logger log = LoggerFactory.getLogger(StoreReadIndex.class);
    private static final long NEVER = Long.MIN_VALUE;
    private static final long LOOK_AGAIN_MILLIS = 5;
    private static final Duration AFTER_A_FAILED_READ = Duration.ofMillis(50);

    private final Probe probe;
    // A node refusing tokens is an outage of the apps behind it: said at once, then at most once a second with a count.
    private final ThrottledWarning refusals;
    private final long waitNanos;
    private final long headLimitNanos;
    private final Counter confirmed;
    private final Counter givenUp;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition headWanted = lock.newCondition();
    private final Condition confirmationsChanged = lock.newCondition();
    private final Deque<Head> pending = new ArrayDeque<>(); // the reading thread's only
    private volatile boolean running;
    private volatile long storeCallSince = NEVER;   // a call to the store in progress since, for the "hung" rule
    private volatile long failedCallStartedAt = NEVER; // the latest call to the store that got no answer
    // Guarded by lock:
    private long headWantedAfter = NEVER;           // the latest arrival of a verification wanting a head read after it
    private long lastReadStartedAt = NEVER;
    private long confirmedReadStartedAt = NEVER; // every event committed before then is applied here

    StoreReadIndex(Probe probe, Duration wait, Duration headLimit, MeterRegistry meters, Clock clock) {
        this.probe = probe;
        this.refusals = new ThrottledWarning(log, clock, Duration.ofSeconds(1));
        this.waitNanos = wait.toNanos();
        this.headLimitNanos = headLimit.toNanos();
        this.confirmed = heads(meters, "confirmed");
        this.givenUp = heads(meters, "failed");
        this.thread = new Thread(this::run, "cluster-read-index");
        this.thread.setDaemon(true);
    }

    void start() {
        running = waitNanos > 0;
        if (running) {
            thread.start();
        }
    }

    /** No verification is answered through the read index any more: the node is leaving. */
    void stop() {
        running = false;
        lock.lock();
        try {
            confirmationsChanged.signalAll();
            headWanted.signal();
        } finally {
            lock.unlock();
        }
        thread.interrupt();
    }

    @Override
    public boolean confirmsCaughtUp() {
        if (!running) {
            return false;
        }
        long arrived = System.nanoTime();
        long deadline = arrived + waitNanos;
        lock.lock();
        try {
            // A head read that started before this call may be older than a write acknowledged before it.
            while (confirmedReadStartedAt == NEVER || confirmedReadStartedAt - arrived < 0) {
                long now = System.nanoTime();
                if (!running) {
                    return false;
                }
                if (headWantedAfter == NEVER || headWantedAfter - arrived < 0) {
                    headWantedAfter = arrived;
                    headWanted.signal();
                }
                if (deadline - now <= 0) {
                    return refused("it waited " + waitNanos / 1_000_000 + " ms");
                }
                // Without a store that answers, every call would wait out its whole wait before its 503, holding a
                // request thread: during an outage of the database, refuse once a query tried after this call
                // arrived has failed (one every 50 ms), not on an older failure, which may be over.
                long failed = failedCallStartedAt;
                if (failed != NEVER && failed - arrived >= 0) {
                    return refused("the database did not answer");
                }
                long inStore = storeCallSince;
                if (inStore != NEVER && now - inStore > headLimitNanos) {
                    return refused("a query hangs in the database");
                }
                confirmationsChanged.awaitNanos(deadline - now);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private boolean refused(String why) {
        refusals.warn("cluster: read index: refused a token check because {}", why);
        return false;
    }

    private void run() {
        while (running) {
            try {
                readHeadIfWanted();
                checkOff();
                if (!pending.isEmpty()) {
                    probe.awaitProgress(LOOK_AGAIN_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                log.debug("cluster: read index: the database did not answer ({})", e.getMessage());
                failed();
            }
        }
    }

    /** Reads a head if a verification arrived after the last read started; waits for one if nothing is pending. */
    private void readHeadIfWanted() throws Exception {
        long started;
        lock.lock();
        try {
            while (running && pending.isEmpty() && !wantedAfterLastRead()) {
                headWanted.await();
            }
            if (!wantedAfterLastRead()) {
                return;
            }
            started = System.nanoTime();
            lastReadStartedAt = started;
        } finally {
            lock.unlock();
        }
        storeCallSince = started;
        long head = probe.committedHead();
        storeCallSince = NEVER;
        pending.addLast(new Head(started, head));
    }

    private boolean wantedAfterLastRead() {
        return headWantedAfter != NEVER && (lastReadStartedAt == NEVER || headWantedAfter - lastReadStartedAt >= 0);
    }

    /** Confirms the heads the auth lookup holds now (the oldest first: its position only moves on). */
    private void checkOff() throws Exception {
        Head reached = null;
        while (!pending.isEmpty() && holds(pending.peekFirst())) {
            reached = pending.pollFirst();
            confirmed.increment();
        }
        long now = System.nanoTime();
        while (!pending.isEmpty() && now - pending.peekFirst().readStartedAt() > headLimitNanos) {
            Head late = pending.pollFirst();
            givenUp.increment();
            log.info("cluster: read index: the auth lookup did not reach the committed head {} within {} ms",
                    late.position(), headLimitNanos / 1_000_000);
        }
        if (reached != null) {
            lock.lock();
            try {
                confirmedReadStartedAt = reached.readStartedAt();
                confirmationsChanged.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private boolean holds(Head head) throws Exception {
        storeCallSince = System.nanoTime(); // the check may ask the store which of the node's gaps are committed
        boolean holds = probe.holdsEverythingUpTo(head.position()); // a failure leaves storeCallSince for failed()
        storeCallSince = NEVER;
        return holds;
    }

    private void failed() {
        givenUp.increment(pending.size() + 1.0);
        pending.clear();
        long call = storeCallSince;
        failedCallStartedAt = call != NEVER ? call : System.nanoTime();
        storeCallSince = NEVER;
        lock.lock();
        try {
            confirmationsChanged.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            Thread.sleep(AFTER_A_FAILED_READ.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static Counter heads(MeterRegistry meters, String outcome) {
        return Counter.builder("token_authority.cluster.read_index.heads")
                .description("Heads of the event store read by the read index (a node not serving by its lease "
                        + "showing it holds every committed event before it answers a token), by outcome")
                .tag("outcome", outcome).register(meters);
    }
}
