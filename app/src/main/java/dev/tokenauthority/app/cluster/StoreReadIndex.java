package dev.tokenauthority.app.cluster;

import dev.tokenauthority.query.progress.ReadIndex;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read index of a node of a cluster ({@link ReadIndex}): when its standing does not let it accept tokens (fenced,
 * or its lease lapsed), a verification waits up to {@code wait} for a round that started after it arrived to show
 * that this node's auth lookup holds every event committed before ({@link CommittedHeadRound}). One thread runs the
 * rounds, one at a time, and each round answers every verification that arrived before it started: under a flood
 * of verifications the store sees one small query at a time, not one per request.
 *
 * <p>Why: a write fences a node that has not applied its event within {@code fence-after}, and the node then refused
 * every token until its heartbeats had marked it serving again, 1-4 s later. On a host stalled for a second or two
 * that is often: at the full scale of battery test 2 over three nodes on two cores, fenced nodes answered {@code 503}
 * to up to 9,055 of 97,884 verifications. Without the database (stopped, frozen, cut off) no round succeeds and the
 * node refuses, as before: at once while the last round found no store or a round has hung longer than
 * {@code wait} (a frozen database), so that an outage of the database does not hold a request thread per call.
 * {@code wait} 0 turns it off.
 */
final class StoreReadIndex implements ReadIndex {

    /**
     * One round: whether this node holds every event committed before {@code startedNanos} (System.nanoTime),
     * found out by {@code deadlineNanos} (else {@link Outcome#BEHIND}).
     */
    interface Round {
        Outcome run(long startedNanos, long deadlineNanos) throws InterruptedException;
    }

    enum Outcome {
        /** This node holds every event committed before the round started. */
        CAUGHT_UP,
        /** It did not reach the committed head within the round's limit. */
        BEHIND,
        /** The store did not answer: until a round succeeds again, callers are refused at once, not each after its wait. */
        NO_STORE
    }

    private static final Duration AFTER_A_FAILED_ROUND = Duration.ofMillis(50);
    private static final long REFUSALS_LOGGED_EVERY_NANOS = Duration.ofSeconds(1).toNanos();
    private static final Logger log = LoggerFactory.getLogger(StoreReadIndex.class);

    private final Round round;
    private final long waitNanos;
    private final long roundLimitNanos;
    private final Counter confirmed;
    private final Counter failed;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition roundWanted = lock.newCondition();
    private final Condition roundEnded = lock.newCondition();
    private volatile boolean running;
    // Guarded by lock:
    private boolean wanted;
    private boolean roundRunning;
    private long lastRoundStartedAt;
    private boolean everConfirmed;
    private long confirmedByRoundStartedAt;
    private Outcome lastOutcome = Outcome.BEHIND;
    private long refusals;
    private long refusalLoggedAt = System.nanoTime() - REFUSALS_LOGGED_EVERY_NANOS;

    /** {@code roundLimit}: how long a round may wait for this node to reach the head it read. */
    StoreReadIndex(Round round, Duration wait, Duration roundLimit, MeterRegistry meters) {
        this.round = round;
        this.waitNanos = wait.toNanos();
        this.roundLimitNanos = roundLimit.toNanos();
        this.confirmed = rounds(meters, "confirmed");
        this.failed = rounds(meters, "failed");
        this.thread = new Thread(this::run, "cluster-read-index");
        this.thread.setDaemon(true);
    }

    void start() {
        running = waitNanos > 0;
        if (running) {
            thread.start();
        }
    }

    /** No verification is answered by a round any more: the node is leaving. */
    void stop() {
        running = false;
        lock.lock();
        try {
            roundEnded.signalAll();
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
            // A round that started before this call may have read a head older than a write acknowledged before it.
            while (!everConfirmed || confirmedByRoundStartedAt - arrived < 0) {
                long now = System.nanoTime();
                if (!running) {
                    return false;
                }
                if (deadline - now <= 0) {
                    return refused(now, "waited " + waitNanos / 1_000_000 + " ms");
                }
                if (!(roundRunning && lastRoundStartedAt - arrived >= 0)) {
                    wanted = true; // no round that started after this call runs: the next one will
                    roundWanted.signal();
                }
                // Without a store that answers, every call would wait out its whole wait before its 503, holding a
                // request thread: during an outage of the database, refuse at once (a round still looks). A round
                // past its limit is stuck in a query: a frozen database.
                if (lastOutcome == Outcome.NO_STORE) {
                    return refused(now, "the last round found no database");
                }
                if (roundRunning && now - lastRoundStartedAt > roundLimitNanos) {
                    return refused(now, "a round hangs in the database");
                }
                roundEnded.awaitNanos(deadline - now);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Logs a refusal (at most one a second, with how many since): a node refusing tokens is an outage. */
    private boolean refused(long now, String why) {
        refusals++;
        if (now - refusalLoggedAt >= REFUSALS_LOGGED_EVERY_NANOS) {
            log.warn("cluster: read index: refused {} token check(s) since the last report, the last because {}; the "
                    + "last round {} ms ago: {}", refusals, why, (now - lastRoundStartedAt) / 1_000_000,
                    roundRunning ? "still running" : lastOutcome);
            refusalLoggedAt = now;
            refusals = 0;
        }
        return false;
    }

    private void run() {
        while (running) {
            try {
                long started;
                lock.lock();
                try {
                    while (!wanted) {
                        roundWanted.await();
                    }
                    wanted = false;
                    roundRunning = true;
                    started = System.nanoTime();
                    lastRoundStartedAt = started;
                } finally {
                    lock.unlock();
                }
                Outcome outcome = Outcome.NO_STORE;
                try {
                    outcome = round.run(started, started + roundLimitNanos);
                } finally {
                    lock.lock();
                    try {
                        roundRunning = false;
                        lastOutcome = outcome;
                        if (outcome == Outcome.CAUGHT_UP) {
                            everConfirmed = true;
                            confirmedByRoundStartedAt = started;
                        }
                        roundEnded.signalAll();
                    } finally {
                        lock.unlock();
                    }
                }
                (outcome == Outcome.CAUGHT_UP ? confirmed : failed).increment();
                if (outcome != Outcome.CAUGHT_UP) {
                    Thread.sleep(AFTER_A_FAILED_ROUND.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Counter rounds(MeterRegistry meters, String outcome) {
        return Counter.builder("token_authority.cluster.read_index.rounds")
                .description("Rounds of the read index (a node not serving by its lease showing it holds every "
                        + "committed event before it answers a token), by outcome")
                .tag("outcome", outcome).register(meters);
    }
}
