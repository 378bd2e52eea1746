package dev.tokenauthority.command.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TokenIdsTests {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:15:30.123Z"));
    private final TokenIds ids = new TokenIds(clock);

    @Test
    void isAVersion7UuidCarryingTheClocksMillisecond() {
        UUID id = UUID.fromString(ids.next());

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(clock.millis());
    }

    @Test
    void laterIdsSortAfterEarlierOnesAsStrings() {
        String first = ids.next();
        clock.advance(Duration.ofMillis(1));
        String second = ids.next();
        clock.advance(Duration.ofDays(400));
        String third = ids.next();

        assertThat(first).isLessThan(second);
        assertThat(second).isLessThan(third);
    }

    @Test
    void idsOfTheSameMillisecondDifferInTheirRandomBits() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            seen.add(ids.next());
        }

        assertThat(seen).hasSize(10_000);
    }
}
