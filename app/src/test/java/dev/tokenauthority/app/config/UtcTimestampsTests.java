package dev.tokenauthority.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.axonframework.common.DateTimeUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UtcTimestampsTests {

    @Test
    void readsWhatAxonAndJacksonWriteAsTheirOwnParsersDo() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_799L),
                    random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            String axon = DateTimeUtils.formatInstant(instant);
            String jackson = DateTimeFormatter.ISO_INSTANT.format(instant);
            assertThat(UtcTimestamps.parseOrNull(axon)).isEqualTo(DateTimeUtils.parseInstant(axon));
            assertThat(UtcTimestamps.parseOrNull(jackson)).isEqualTo(instant).isEqualTo(Instant.parse(jackson));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2026-11-23", "2026-11-23T21:09:24", "2026-11-23T21:09:24+01:00",
            "2026-11-23T21:09:24.Z", "2026-11-23T21:09:24.1234567890Z", "2026-11-23 21:09:24Z",
            "2026-13-23T21:09:24Z", "2026-02-30T21:09:24Z", "2026-11-23T24:00:00Z", "2026-11-23T23:60:00Z",
            "2026-11-23T23:59:60Z", "+2026-11-23T21:09:24Z", "2026-1a-23T21:09:24Z", "2026-11-23T21:09:24.1a3Z",
            "2026-11-23t21:09:24Z", "2026-11-23T21:09:24z"})
    void leavesEveryOtherShapeToTheGeneralParser(String text) {
        assertThat(UtcTimestamps.parseOrNull(text)).isNull();
    }
}
