package dev.tokenauthority.command.token;

import static dev.tokenauthority.command.token.TestTokens.ID;
import static dev.tokenauthority.command.token.TestTokens.LIFETIME;
import static dev.tokenauthority.command.token.TestTokens.T0;
import static dev.tokenauthority.command.token.TestTokens.created;

import dev.tokenauthority.events.project.SupersededUsePolicy;
import dev.tokenauthority.events.signal.RecordExpiryWarning;
import dev.tokenauthority.events.token.TokenExpired;
import dev.tokenauthority.events.token.TokenExpiryWarned;
import dev.tokenauthority.events.token.TokenRevoked;
import java.time.Duration;
import java.time.Instant;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Expiry warnings on the token: recorded when due (within its lead time of {@code validUntil}), once per lead time,
 * never a longer lead after a shorter one, and never for a token that opens nothing or whose {@code validUntil} passed.
 */
class ExpiryWarningTests {

    private static final Duration WEEK = Duration.ofDays(7);
    private static final Duration DAY = Duration.ofDays(1);
    private static final Instant VALID_UNTIL = T0.plus(LIFETIME);

    private final MutableClock clock = new MutableClock(T0);
    private FixtureConfiguration<Token> fixture;

    @BeforeEach
    void setUp() {
        fixture = TestTokens.fixture(clock, projectId -> SupersededUsePolicy.RECORD);
    }

    /** The clock at {@code before} ahead of validUntil. */
    private void at(Duration before) {
        clock.advance(Duration.between(clock.instant(), VALID_UNTIL.minus(before)));
    }

    @Test
    void dueThenWarnedOnceForEachLeadTime() {
        at(WEEK);
        fixture.given(created()).when(new RecordExpiryWarning(ID, WEEK))
                .expectEvents(new TokenExpiryWarned(ID, VALID_UNTIL, WEEK, VALID_UNTIL.minus(WEEK)));
        fixture.given(created(), new TokenExpiryWarned(ID, VALID_UNTIL, WEEK, VALID_UNTIL.minus(WEEK)))
                .when(new RecordExpiryWarning(ID, WEEK)).expectSuccessfulHandlerExecution().expectNoEvents();
        at(DAY.minusSeconds(1));
        fixture.given(created(), new TokenExpiryWarned(ID, VALID_UNTIL, WEEK, VALID_UNTIL.minus(WEEK)))
                .when(new RecordExpiryWarning(ID, DAY))
                .expectEvents(new TokenExpiryWarned(ID, VALID_UNTIL, DAY, VALID_UNTIL.minus(DAY).plusSeconds(1)));
    }

    @Test
    void notYetDueOrALongerLeadAfterAShorterOneThenNothing() {
        at(WEEK.plusSeconds(1));
        fixture.given(created()).when(new RecordExpiryWarning(ID, WEEK)).expectSuccessfulHandlerExecution().expectNoEvents();
        at(Duration.ofHours(3));
        fixture.given(created(), new TokenExpiryWarned(ID, VALID_UNTIL, DAY, T0))
                .when(new RecordExpiryWarning(ID, WEEK)).expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void aTokenThatOpensNothingOrIsPastItsValidUntilThenNothing() {
        at(DAY);
        fixture.given(created(), new TokenRevoked(ID, T0)).when(new RecordExpiryWarning(ID, DAY)).expectNoEvents();
        fixture.given(created(), new TokenExpired(ID, T0)).when(new RecordExpiryWarning(ID, DAY)).expectNoEvents();
        at(Duration.ZERO);
        fixture.given(created()).when(new RecordExpiryWarning(ID, DAY)).expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void aLeadLongerThanTheTokensWholeLifetimeThenNothing() {
        // created at T0 for LIFETIME (30 days): a 30-day lead would reach back to its creation, a 31-day one before it
        at(LIFETIME.minusSeconds(1));
        fixture.given(created()).when(new RecordExpiryWarning(ID, LIFETIME)).expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(created()).when(new RecordExpiryWarning(ID, LIFETIME.plusDays(1)))
                .expectSuccessfulHandlerExecution().expectNoEvents();
        fixture.given(created()).when(new RecordExpiryWarning(ID, LIFETIME.minusSeconds(1)))
                .expectEvents(new TokenExpiryWarned(ID, VALID_UNTIL, LIFETIME.minusSeconds(1), T0.plusSeconds(1)));
    }
}
