package dev.tokenauthority.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The read index's rounds: who a round answers, how many calls one round answers, and its bounds. */
class StoreReadIndexTests {

    private final ExecutorService callers = Executors.newCachedThreadPool();
    private StoreReadIndex readIndex;

    @AfterEach
    void stop() {
        if (readIndex != null) {
            readIndex.stop();
        }
        callers.shutdownNow();
    }

    @Test
    void aCallIsAnsweredOnlyByARoundThatStartedAfterItArrived() throws Exception {
        ScriptedRounds rounds = new ScriptedRounds();
        readIndex = started(rounds, Duration.ofSeconds(10));

        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(readIndex::confirmsCaughtUp, callers);
        rounds.awaitStarted(1);
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(readIndex::confirmsCaughtUp, callers);
        Thread.sleep(100); // the second call is waiting now, while the first round still runs
        rounds.finish(true);

        assertThat(first.get(5, TimeUnit.SECONDS)).isTrue();
        rounds.awaitStarted(2); // the first round read its head before the second call arrived: not enough for it
        assertThat(second).isNotDone();
        rounds.finish(true);
        assertThat(second.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(rounds.started).hasSize(2);
    }

    @Test
    void manyCallsWaitingTogetherAreAnsweredByOneRound() throws Exception {
        int calls = 64;
        AtomicInteger called = new AtomicInteger();
        AtomicInteger rounds = new AtomicInteger();
        readIndex = started((started, deadline) -> {
            rounds.incrementAndGet();
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (called.get() < calls && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            Thread.sleep(100); // every call past its arrival and waiting
            return StoreReadIndex.Outcome.CAUGHT_UP;
        }, Duration.ofSeconds(20));

        List<CompletableFuture<Boolean>> answers = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            answers.add(CompletableFuture.supplyAsync(() -> {
                called.incrementAndGet();
                return readIndex.confirmsCaughtUp();
            }, callers));
        }

        for (CompletableFuture<Boolean> answer : answers) {
            assertThat(answer.get(20, TimeUnit.SECONDS)).isTrue();
        }
        // The round running when they arrived, and the one after it for all of them: not one query per call.
        assertThat(rounds.get()).isLessThanOrEqualTo(3);
    }

    @Test
    void withoutASuccessfulRoundACallIsRefusedOnceItsWaitIsOver() {
        AtomicInteger rounds = new AtomicInteger();
        readIndex = started((started, deadline) -> {
            rounds.incrementAndGet();
            return StoreReadIndex.Outcome.BEHIND; // this node not caught up in time
        }, Duration.ofMillis(300));

        long asked = System.nanoTime();
        boolean confirmed = readIndex.confirmsCaughtUp();
        long took = System.nanoTime() - asked;

        assertThat(confirmed).isFalse();
        assertThat(Duration.ofNanos(took)).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(Duration.ofSeconds(3));
        assertThat(rounds.get()).isPositive();
    }

    @Test
    void aRoundThatHangsKeepsNoCallWaitingLongerThanItsWaitAndLaterCallsNotAtAll() {
        readIndex = started((started, deadline) -> {
            Thread.sleep(Duration.ofMinutes(1).toMillis()); // a query hanging on a frozen database
            return StoreReadIndex.Outcome.CAUGHT_UP;
        }, Duration.ofMillis(200));

        long asked = System.nanoTime();
        assertThat(readIndex.confirmsCaughtUp()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(3));
        asked = System.nanoTime();
        assertThat(readIndex.confirmsCaughtUp()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("a call once the round hung longer than the wait")
                .isLessThan(Duration.ofMillis(150));
    }

    @Test
    void withoutAStoreCallsAreRefusedAtOnceUntilARoundSucceedsAgain() throws Exception {
        AtomicBoolean storeAnswers = new AtomicBoolean(false);
        readIndex = started((started, deadline) -> storeAnswers.get() ? StoreReadIndex.Outcome.CAUGHT_UP
                : StoreReadIndex.Outcome.NO_STORE, Duration.ofSeconds(5));

        assertThat(readIndex.confirmsCaughtUp()).isFalse(); // the first round found no store
        long asked = System.nanoTime();
        assertThat(readIndex.confirmsCaughtUp()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("a call while the store is gone")
                .isLessThan(Duration.ofMillis(150));

        storeAnswers.set(true);
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        boolean confirmed = false;
        while (!confirmed && System.nanoTime() < until) {
            confirmed = readIndex.confirmsCaughtUp(); // each refused call asked for a round: one finds the store
            Thread.sleep(20);
        }
        assertThat(confirmed).as("confirmed again once the store answers").isTrue();
    }

    @Test
    void aWaitOfZeroTurnsItOffAndRunsNoRound() {
        AtomicInteger rounds = new AtomicInteger();
        readIndex = started((started, deadline) -> rounds.incrementAndGet() > 0 ? StoreReadIndex.Outcome.CAUGHT_UP
                : StoreReadIndex.Outcome.BEHIND, Duration.ZERO);

        assertThat(readIndex.confirmsCaughtUp()).isFalse();
        assertThat(rounds.get()).isZero();
    }

    @Test
    void onceStoppedItConfirmsNothing() {
        readIndex = started((started, deadline) -> StoreReadIndex.Outcome.CAUGHT_UP, Duration.ofSeconds(2));
        assertThat(readIndex.confirmsCaughtUp()).isTrue();

        readIndex.stop();

        assertThat(readIndex.confirmsCaughtUp()).isFalse();
    }

    private static StoreReadIndex started(StoreReadIndex.Round round, Duration wait) {
        StoreReadIndex readIndex = new StoreReadIndex(round, wait, wait, new SimpleMeterRegistry());
        readIndex.start();
        return readIndex;
    }

    /** Rounds that run until the test finishes them, one by one, with the outcome it gives. */
    private static final class ScriptedRounds implements StoreReadIndex.Round {

        final List<Long> started = new CopyOnWriteArrayList<>();
        private final LinkedBlockingQueue<Boolean> outcomes = new LinkedBlockingQueue<>();
        private final CountDownLatch[] startedLatches = {new CountDownLatch(1), new CountDownLatch(2)};

        @Override
        public StoreReadIndex.Outcome run(long startedNanos, long deadlineNanos) throws InterruptedException {
            started.add(startedNanos);
            for (CountDownLatch latch : startedLatches) {
                latch.countDown();
            }
            Boolean caughtUp = outcomes.poll(10, TimeUnit.SECONDS);
            return caughtUp != null && caughtUp ? StoreReadIndex.Outcome.CAUGHT_UP : StoreReadIndex.Outcome.BEHIND;
        }

        void finish(boolean outcome) {
            outcomes.add(outcome);
        }

        void awaitStarted(int rounds) throws InterruptedException {
            assertThat(startedLatches[rounds - 1].await(5, TimeUnit.SECONDS)).as("round %d started", rounds).isTrue();
        }
    }
}
