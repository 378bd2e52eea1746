package dev.tokenauthority.query.expiry;

import static dev.tokenauthority.query.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenauthority.events.access.Role;
import dev.tokenauthority.events.signal.RecordExpiryWarning;
import dev.tokenauthority.events.token.TokenCreated;
import dev.tokenauthority.events.token.TokenExpired;
import dev.tokenauthority.events.token.TokenExpiryWarned;
import dev.tokenauthority.events.token.TokenRevoked;
import dev.tokenauthority.query.catalogue.CatalogueProjection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sweep over a real catalogue (H2, the service's migrations) and a real command bus: each active token is asked
 * for the closest lead time it is due for and not yet warned of, soonest first, at most {@value
 * ExpiryWarningSweep#MAX_PER_SWEEP} per sweep; once warned (the event in the catalogue), not again.
 */
class ExpiryWarningSweepTests {

    private static final Instant NOW = T0.plus(Duration.ofDays(100));
    private static final List<Duration> LEADS = List.of(Duration.ofDays(7), Duration.ofDays(1));

    private SweptCatalogue<RecordExpiryWarning> swept;
    private List<RecordExpiryWarning> asked;
    private CatalogueProjection projection;
    private ExpiryWarningSweep sweep;

    @BeforeEach
    void setUp() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        swept = new SweptCatalogue<>(clock, RecordExpiryWarning.class);
        projection = swept.projection;
        asked = swept.sent;
        sweep = new ExpiryWarningSweep(swept.catalogue, swept.commands, clock, LEADS);
    }

    private void token(String id, Duration left) {
        swept.token(id, NOW.plus(left));
    }

    @Test
    void eachTokenIsAskedForTheClosestLeadItIsDueForAndNotAgainOnceWarned() {
        token("in-8-days", Duration.ofDays(8));
        token("in-6-days", Duration.ofDays(6));
        token("in-7-days", Duration.ofDays(7));
        token("in-2-hours", Duration.ofHours(2));
        token("in-1-day", Duration.ofDays(1));
        token("expired-by-time", Duration.ofSeconds(-1));
        token("expired", Duration.ofHours(1));
        projection.on(new TokenExpired("expired", NOW));
        token("revoked", Duration.ofHours(1));
        projection.on(new TokenRevoked("revoked", NOW));

        assertThat(sweep.sweep()).isEqualTo(4);
        assertThat(asked).containsExactly(new RecordExpiryWarning("in-2-hours", Duration.ofDays(1)),
                new RecordExpiryWarning("in-1-day", Duration.ofDays(1)),
                new RecordExpiryWarning("in-6-days", Duration.ofDays(7)),
                new RecordExpiryWarning("in-7-days", Duration.ofDays(7)));

        // the tokens recorded them: nothing more to ask; one warned of 7 days only, once within 1 day, is asked again
        for (RecordExpiryWarning warning : asked) {
            projection.on(new TokenExpiryWarned(warning.tokenId(), NOW, warning.lead(), NOW));
        }
        asked.clear();
        assertThat(sweep.sweep()).isZero();
        token("warned-a-week-ago", Duration.ofHours(5));
        projection.on(new TokenExpiryWarned("warned-a-week-ago", NOW, Duration.ofDays(7), NOW.minus(Duration.ofDays(6))));
        assertThat(sweep.sweep()).isEqualTo(1);
        assertThat(asked).containsExactly(new RecordExpiryWarning("warned-a-week-ago", Duration.ofDays(1)));
    }

    @Test
    void aTokenIssuedForLessThanALeadTimeIsNotWarnedOfIt() {
        projection.on(new TokenCreated("hour-long", "p-1", "eu01", "i-1", Map.of(), Role.OPERATOR, "n", "", Map.of(),
                "hash-h", NOW.minus(Duration.ofMinutes(30)), NOW.plus(Duration.ofMinutes(30)), "d-h"));
        projection.on(new TokenCreated("two-days-long", "p-1", "eu01", "i-1", Map.of(), Role.OPERATOR, "n", "", Map.of(),
                "hash-2", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofHours(23)), "d-2"));
        projection.on(new TokenCreated("five-days-long", "p-1", "eu01", "i-1", Map.of(), Role.OPERATOR, "n", "", Map.of(),
                "hash-5", NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(5)), "d-5"));

        assertThat(sweep.sweep()).isEqualTo(1);
        assertThat(asked).containsExactly(new RecordExpiryWarning("two-days-long", Duration.ofDays(1)));
    }

    @Test
    void oneSweepAsksAtMostItsBoundSoonestFirst() {
        for (int i = 0; i < ExpiryWarningSweep.MAX_PER_SWEEP + 20; i++) {
            token("t-" + i, Duration.ofMinutes(10 + i));
        }
        assertThat(sweep.sweep()).isEqualTo(ExpiryWarningSweep.MAX_PER_SWEEP);
        assertThat(asked.get(0).tokenId()).isEqualTo("t-0");
        assertThat(asked.get(asked.size() - 1).tokenId()).isEqualTo("t-" + (ExpiryWarningSweep.MAX_PER_SWEEP - 1));
    }

    @Test
    void leadTimesMustBePositiveAndAtMostAYear() {
        for (Duration bad : List.of(Duration.ZERO, Duration.ofDays(-1), Duration.ofDays(400))) {
            assertThatThrownBy(() -> new ExpiryWarningSweep(null, null, Clock.systemUTC(), List.of(bad)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("lead-times");
        }
    }
}
