package dev.tokenauthority.edge.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tokenauthority.edge.limit.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ThrottledWarningTests {

    private final Logger logger = (Logger) LoggerFactory.getLogger("throttled-warning-test");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final ThrottledWarning warning = new ThrottledWarning(logger, clock, Duration.ofSeconds(1));

    @BeforeEach
    void listen() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(lines);
    }

    @Test
    void aFloodWritesOneLineASecondAndTheNextLineCountsWhatWasLeftOut() {
        for (int i = 0; i < 10_000; i++) {
            warning.warn("refused {} from {}", "GET /v1alpha/verify", "192.0.2." + (i % 250));
            if (i % 1_000 == 999) {
                clock.advance(Duration.ofMillis(250)); // 10,000 in 2.5 s
            }
        }
        assertThat(messages()).containsExactly(
                "refused GET /v1alpha/verify from 192.0.2.0",
                "refused GET /v1alpha/verify from 192.0.2.0 (3999 more like it since the last such line)",
                "refused GET /v1alpha/verify from 192.0.2.0 (3999 more like it since the last such line)");
        assertThat(lines.list).allSatisfy(line -> assertThat(line.getLevel().toString()).isEqualTo("WARN"));
    }

    @Test
    void occasionalWarningsAreEachWrittenAsTheyCome() {
        warning.warn("one");
        clock.advance(Duration.ofSeconds(1));
        warning.warn("two");
        clock.advance(Duration.ofMinutes(5));
        warning.warn("three");
        assertThat(messages()).containsExactly("one", "two", "three");
    }

    @Test
    void whatWasLeftOutIsReportedByTheNextLineHoweverLateItComes() {
        warning.warn("first");
        warning.warn("second");
        warning.warn("third");
        clock.advance(Duration.ofHours(1));
        warning.warn("much later");
        assertThat(messages()).containsExactly("first", "much later (2 more like it since the last such line)");
    }

    private List<String> messages() {
        return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
