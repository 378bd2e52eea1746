package dev.tokenauthority.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The read index against a store and an auth lookup the test moves by hand: which verifications a head answers,
 * how many verifications one read of the head answers, and its bounds.
 */
class StoreReadIndexTests {

    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final FakeProbe probe = new FakeProbe();
    private StoreReadIndex readIndex;

    @AfterEach
    void stop() {
        if (readIndex != null) {
            readIndex.stop();
        }
        callers.shutdownNow();
    }

    @Test
    void aCallIsAnsweredOnceTheNodeHoldsAHeadReadAfterItArrived() throws Exception {
        readIndex = started(Duration.ofSeconds(10));
        probe.head.set(10);
        probe.applied.set(5);

        CompletableFuture<Boolean> first = ask();
        probe.awaitReads(1);
        probe.head.set(20); // a write acknowledged after the first call's head was read, before the second call
        CompletableFuture<Boolean> second = ask();
        probe.awaitReads(2); // its own head, read while the node is still short of the first one
        probe.applied.set(10);

        assertThat(first.get(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(100);
        assertThat(second).as("the node holds the first head, not the one read after the second call").isNotDone();
        probe.applied.set(19);
        Thread.sleep(100);
        assertThat(second).isNotDone();
        probe.applied.set(20);
        assertThat(second.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void manyCallsArrivingTogetherAreAnsweredByAFewReadsOfTheHead() throws Exception {
        readIndex = started(Duration.ofSeconds(20));
        probe.readTakes = Duration.ofMillis(200); // callers scheduled over up to a second still share few reads
        int calls = 64;
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Boolean>> answers = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return readIndex.confirmsCaughtUp();
            }, callers));
        }
        Thread.sleep(200);
        go.countDown();

        for (CompletableFuture<Boolean> answer : answers) {
            assertThat(answer.get(20, TimeUnit.SECONDS)).isTrue();
        }
        // The read running when they arrived and the one after it for all of them, not one query per call; a few
        // more if the callers' threads are scheduled late on a busy machine.
        assertThat(probe.reads.get()).isLessThanOrEqualTo(6);
    }

    @Test
    void aNodeThatDoesNotReachTheHeadRefusesOnceTheWaitIsOver() {
        readIndex = started(Duration.ofMillis(300));
        probe.head.set(10);
        probe.applied.set(9); // never catches up

        long asked = System.nanoTime();
        boolean confirmed = readIndex.confirmsCaughtUp();

        assertThat(confirmed).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - asked))
                .isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aHeadReadThatHangsKeepsNoCallWaitingLongerThanItsWaitAndLaterCallsNotAtAll() throws Exception {
        readIndex = started(Duration.ofMillis(200));
        probe.readTakes = Duration.ofMinutes(1); // a query on a frozen database

        long asked = System.nanoTime();
        assertThat(readIndex.confirmsCaughtUp()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(3));
        // The read started a moment after the first call arrived: only now has it surely hung past its limit.
        Thread.sleep(100);
        asked = System.nanoTime();
        assertThat(readIndex.confirmsCaughtUp()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("a call once the read hung longer than its limit")
                .isLessThan(Duration.ofMillis(150));
    }

    @Test
    void withoutAStoreEachCallIsRefusedOnceAQueryTriedAfterItArrivedFailed() throws Exception {
        readIndex = started(Duration.ofSeconds(5));
        probe.storeAnswers.set(false);

        for (int call = 0; call < 3; call++) {
            long asked = System.nanoTime();
            assertThat(readIndex.confirmsCaughtUp()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("call %d while the store is gone", call)
                    .isLessThan(Duration.ofSeconds(1)); // not its whole wait of 5 s
        }
    }

    @Test
    void theFirstCallAfterTheStoreCameBackIsConfirmed() throws Exception {
        readIndex = started(Duration.ofSeconds(5));
        probe.storeAnswers.set(false);
        assertThat(readIndex.confirmsCaughtUp()).isFalse();

        probe.storeAnswers.set(true);
        Thread.sleep(300); // no call meanwhile: nothing has read the head since the failure

        assertThat(readIndex.confirmsCaughtUp()).as("not refused on the failure before it").isTrue();
    }

    @Test
    void aWaitOfZeroTurnsItOffAndReadsNothing() {
        readIndex = started(Duration.ZERO);

        assertThat(readIndex.confirmsCaughtUp()).isFalse();
        assertThat(probe.reads.get()).isZero();
    }

    @Test
    void onceStoppedItConfirmsNothing() {
        readIndex = started(Duration.ofSeconds(2));
        assertThat(readIndex.confirmsCaughtUp()).isTrue();

        readIndex.stop();

        assertThat(readIndex.confirmsCaughtUp()).isFalse();
    }

    private CompletableFuture<Boolean> ask() {
        return CompletableFuture.supplyAsync(readIndex::confirmsCaughtUp, callers);
    }

    private StoreReadIndex started(Duration wait) {
        StoreReadIndex started = new StoreReadIndex(probe, wait, wait, new SimpleMeterRegistry(), java.time.Clock.systemUTC());
        started.start();
        return started;
    }

    /** A store whose head, answers and speed the test sets, and an auth lookup at {@code applied}. */
    private static final class FakeProbe implements StoreReadIndex.Probe {

        final AtomicLong head = new AtomicLong();
        final AtomicLong applied = new AtomicLong();
        final AtomicBoolean storeAnswers = new AtomicBoolean(true);
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger headsReturned = new AtomicInteger();
        volatile Duration readTakes = Duration.ZERO;

        @Override
        public long committedHead() throws Exception {
            reads.incrementAndGet();
            Thread.sleep(readTakes.toMillis());
            if (!storeAnswers.get()) {
                throw new java.sql.SQLException("connection refused");
            }
            long read = head.get();
            headsReturned.incrementAndGet();
            return read;
        }

        @Override
        public boolean holdsEverythingUpTo(long position) {
            return applied.get() >= position;
        }

        @Override
        public void awaitProgress(long maxMillis) throws InterruptedException {
            Thread.sleep(maxMillis);
        }

        /**
         * Waits until {@code count} reads have taken their head: a read only begun could still take a head the test
         * sets after this returns (a CI run on a busy machine did: the first call's read took the second's head).
         */
        void awaitReads(int count) throws InterruptedException {
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (headsReturned.get() < count) {
                assertThat(System.nanoTime()).as("%d reads of the head", count).isLessThan(until);
                Thread.sleep(5);
            }
        }
    }
}
