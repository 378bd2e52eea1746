package dev.tokenauthority.edge.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenauthority.edge.limit.SettableClock;
import dev.tokenauthority.events.signal.RecordDisallowedAddressUse;
import dev.tokenauthority.events.signal.RecordSupersededUse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Leak signals gathered in memory and sent through a real command bus: one command per token however many uses,
 * the first within a flush interval, later ones at most once per repeat interval; a failed send is kept and retried
 * (and given up after a few attempts); and a flood of tokens cannot grow what waits.
 */
class SupersededUseSignalsTests {

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

    private final SettableClock clock = new SettableClock(T0);
    private final List<RecordSupersededUse> sent = new ArrayList<>();
    private final AtomicInteger failuresToCome = new AtomicInteger();
    private SupersededUseSignals signals;

    @BeforeEach
    void setUp() {
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        bus.subscribe(RecordSupersededUse.class.getName(), command -> {
            if (failuresToCome.getAndDecrement() > 0) {
                throw new IllegalStateException("the database is away");
            }
            sent.add((RecordSupersededUse) command.getPayload());
            return null;
        });
        signals = new SupersededUseSignals(DefaultCommandGateway.builder().commandBus(bus).build(), clock,
                Duration.ofSeconds(5), Duration.ofMinutes(1));
    }

    @Test
    void aFloodOfOneOldSecretIsOneSignalWithTheLastFiveAddressesAndWays() {
        for (int i = 0; i < 10_000; i++) { // use i at T0 + i ms
            signals.record("t1", "192.0.2." + (i % 7), i % 2 == 0 ? "verify via 10.0.0.1" : "gateway auth via 10.0.0.2");
            clock.advance(Duration.ofMillis(1));
        }
        signals.flush();
        assertThat(sent).hasSize(1);
        RecordSupersededUse signal = sent.get(0);
        assertThat(signal.uses()).isEqualTo(10_000);
        assertThat(signal.firstSeenAt()).isEqualTo(T0);
        assertThat(signal.lastSeenAt()).isEqualTo(T0.plusMillis(9_999));
        // 9,999 % 7 = 3: the last address first, then the ones before it
        assertThat(signal.from()).containsExactly("192.0.2.3", "192.0.2.2", "192.0.2.1", "192.0.2.0", "192.0.2.6");
        assertThat(signal.through()).containsExactly("gateway auth via 10.0.0.2", "verify via 10.0.0.1");
    }

    @Test
    void afterASignalTheSameTokenWaitsTheRepeatIntervalOthersDoNot() {
        signals.record("t1", "192.0.2.1", "verify");
        signals.flush();
        clock.advance(Duration.ofSeconds(5));
        signals.record("t1", "192.0.2.2", "verify");
        signals.record("t2", "192.0.2.3", "verify");
        signals.flush();
        assertThat(sent).extracting(RecordSupersededUse::tokenId).containsExactly("t1", "t2");
        clock.advance(Duration.ofSeconds(54));
        signals.flush();
        assertThat(sent).hasSize(2);
        clock.advance(Duration.ofSeconds(1));
        signals.flush();
        assertThat(sent).hasSize(3);
        assertThat(sent.get(2).tokenId()).isEqualTo("t1");
        assertThat(sent.get(2).from()).containsExactly("192.0.2.2");
        assertThat(sent.get(2).uses()).isEqualTo(1);
    }

    @Test
    void aFailedSendIsKeptMergedWithLaterUsesAndGivenUpAfterSeveralAttempts() {
        failuresToCome.set(1);
        signals.record("t1", "192.0.2.1", "verify");
        signals.flush();
        assertThat(sent).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        signals.record("t1", "192.0.2.2", "verify");
        signals.flush();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).uses()).isEqualTo(2);
        assertThat(sent.get(0).from()).containsExactly("192.0.2.2", "192.0.2.1");
        assertThat(sent.get(0).firstSeenAt()).isEqualTo(T0);

        failuresToCome.set(SupersededUseSignals.MAX_ATTEMPTS);
        signals.record("t9", "192.0.2.9", "verify");
        for (int attempt = 0; attempt < SupersededUseSignals.MAX_ATTEMPTS + 2; attempt++) {
            signals.flush();
        }
        assertThat(sent).hasSize(1); // given up after MAX_ATTEMPTS, not retried for ever
    }

    @Test
    void aFloodOfManyTokensKeepsAtMostTheBoundWaiting() {
        for (int i = 0; i < SupersededUseSignals.MAX_TOKENS + 500; i++) {
            signals.record("t" + i, "192.0.2.1", "verify");
        }
        signals.flush();
        assertThat(sent).hasSize(SupersededUseSignals.MAX_TOKENS);
    }

    @Test
    void addressSignalsAreGatheredAlikeAndSentAsTheirOwnCommand() {
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        List<RecordDisallowedAddressUse> addressSignals = new ArrayList<>();
        bus.subscribe(RecordDisallowedAddressUse.class.getName(), command -> {
            addressSignals.add((RecordDisallowedAddressUse) command.getPayload());
            return null;
        });
        DisallowedAddressSignals address = new DisallowedAddressSignals(
                DefaultCommandGateway.builder().commandBus(bus).build(), clock, Duration.ofSeconds(5), Duration.ofMinutes(1));
        for (int i = 0; i < 1_000; i++) {
            address.record("t1", "203.0.113." + (i % 3), "verify");
        }
        address.flush();
        assertThat(addressSignals).containsExactly(new RecordDisallowedAddressUse("t1", T0, T0, 1_000,
                List.of("203.0.113.0", "203.0.113.2", "203.0.113.1"), List.of("verify")));
        assertThat(sent).as("no leak signal").isEmpty();
    }
}
