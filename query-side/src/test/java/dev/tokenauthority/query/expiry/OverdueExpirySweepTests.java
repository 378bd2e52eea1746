package dev.tokenauthority.query.expiry;

import static dev.tokenauthority.query.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenauthority.events.access.Role;
import dev.tokenauthority.events.signal.RecordOverdueExpiry;
import dev.tokenauthority.events.token.TokenCreated;
import dev.tokenauthority.events.token.TokenExpired;
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
 * The net under lost expiry deadlines, over a real catalogue (H2, the service's migrations) and a real command bus:
 * each token shown active more than the grace past its {@code validUntil} is asked to expire, soonest first, at most
 * {@value OverdueExpirySweep#MAX_PER_SWEEP} per sweep; a token within the grace (its deadline about to fire), expired
 * or revoked is not.
 */
class OverdueExpirySweepTests {

    private static final Instant NOW = T0.plus(Duration.ofDays(100));
    private static final Duration GRACE = Duration.ofMinutes(1);

    private SweptCatalogue<RecordOverdueExpiry> swept;
    private List<RecordOverdueExpiry> asked;
    private CatalogueProjection projection;
    private OverdueExpirySweep sweep;

    @BeforeEach
    void setUp() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        swept = new SweptCatalogue<>(clock, RecordOverdueExpiry.class);
        projection = swept.projection;
        asked = swept.sent;
        sweep = new OverdueExpirySweep(swept.catalogue, swept.commands, clock, GRACE);
    }

    /** A token created at T0 whose validUntil is {@code pastIt} before now (negative: still ahead). */
    private void token(String id, Duration pastIt) {
        swept.token(id, NOW.minus(pastIt));
    }

    @Test
    void eachTokenShownActiveLongerThanTheGracePastItsValidUntilIsAskedSoonestFirst() {
        token("a-day-past", Duration.ofDays(1));
        token("two-minutes-past", Duration.ofMinutes(2));
        token("within-the-grace", Duration.ofSeconds(30));
        token("still-valid", Duration.ofHours(-1));
        token("expired", Duration.ofDays(2));
        projection.on(new TokenExpired("expired", NOW.minus(Duration.ofDays(2))));
        token("revoked", Duration.ofDays(3));
        projection.on(new TokenRevoked("revoked", NOW));

        assertThat(sweep.sweep()).isEqualTo(2);
        assertThat(asked).containsExactly(new RecordOverdueExpiry("a-day-past"), new RecordOverdueExpiry("two-minutes-past"));

        // they expired: nothing more to ask
        asked.clear();
        projection.on(new TokenExpired("a-day-past", NOW.minus(Duration.ofDays(1))));
        projection.on(new TokenExpired("two-minutes-past", NOW.minus(Duration.ofMinutes(2))));
        assertThat(sweep.sweep()).isZero();
        assertThat(asked).isEmpty();
    }

    @Test
    void oneSweepAsksAtMostItsBoundSoonestFirst() {
        for (int i = 0; i < OverdueExpirySweep.MAX_PER_SWEEP + 20; i++) {
            token("t-" + i, Duration.ofHours(2000 - i));
        }
        assertThat(sweep.sweep()).isEqualTo(OverdueExpirySweep.MAX_PER_SWEEP);
        assertThat(asked.get(0).tokenId()).isEqualTo("t-0");
        assertThat(asked.get(asked.size() - 1).tokenId()).isEqualTo("t-" + (OverdueExpirySweep.MAX_PER_SWEEP - 1));
    }

    @Test
    void aNegativeGraceIsRefused() {
        assertThatThrownBy(() -> new OverdueExpirySweep(null, null, Clock.systemUTC(), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("overdue-after");
    }
}
