package dev.tokenauthority.command.token;

import static dev.tokenauthority.command.token.TestTokens.ID;
import static dev.tokenauthority.command.token.TestTokens.LIFETIME;
import static dev.tokenauthority.command.token.TestTokens.T0;
import static dev.tokenauthority.command.token.TestTokens.create;
import static dev.tokenauthority.command.token.TestTokens.created;

import dev.tokenauthority.events.project.SupersededUsePolicy;
import dev.tokenauthority.events.signal.RecordOverdueExpiry;
import dev.tokenauthority.events.token.TokenExpired;
import dev.tokenauthority.events.token.TokenRevoked;
import java.time.Instant;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The net under a lost expiry deadline: a token past its {@code validUntil} that is still active expires when the
 * sweep asks, once, with the {@code validUntil} the deadline would have given; before it, or once it opens nothing,
 * the ask changes nothing.
 */
class OverdueExpiryTests {

    private static final Instant VALID_UNTIL = T0.plus(LIFETIME);

    private final MutableClock clock = new MutableClock(T0);
    private FixtureConfiguration<Token> fixture;

    @BeforeEach
    void setUp() {
        fixture = TestTokens.fixture(clock, projectId -> SupersededUsePolicy.RECORD);
    }

    @Test
    void pastItsValidUntilThenExpiredAsItsDeadlineWouldHaveMadeItAndTheDeadlineCancelled() {
        var created = fixture.givenCommands(create());
        clock.advance(LIFETIME.plusMinutes(2));
        created.when(new RecordOverdueExpiry(ID))
                .expectEvents(new TokenExpired(ID, VALID_UNTIL))
                .expectNoScheduledDeadlines();
    }

    @Test
    void beforeItsValidUntilThenNothingAndTheDeadlineStays() {
        var created = fixture.givenCommands(create());
        clock.advance(LIFETIME.minusSeconds(1));
        created.when(new RecordOverdueExpiry(ID))
                .expectSuccessfulHandlerExecution().expectNoEvents()
                .expectScheduledDeadline(LIFETIME, new TokenExpiryDue(ID, VALID_UNTIL));
    }

    @Test
    void alreadyExpiredThenNothing() {
        clock.advance(LIFETIME.plusMinutes(2));
        fixture.given(created(), new TokenExpired(ID, VALID_UNTIL)).when(new RecordOverdueExpiry(ID))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void revokedThenNothing() {
        clock.advance(LIFETIME.plusMinutes(2));
        fixture.given(created(), new TokenRevoked(ID, T0)).when(new RecordOverdueExpiry(ID)).expectNoEvents();
    }

    @Test
    void unknownThenNothing() {
        fixture.givenNoPriorActivity().when(new RecordOverdueExpiry(ID))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }
}
