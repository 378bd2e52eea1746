package dev.tokenauthority.command.token;

import static dev.tokenauthority.command.token.TestTokens.ID;
import static dev.tokenauthority.command.token.TestTokens.LIFETIME;
import static dev.tokenauthority.command.token.TestTokens.T0;
import static dev.tokenauthority.command.token.TestTokens.created;

import dev.tokenauthority.events.project.SupersededUsePolicy;
import dev.tokenauthority.events.signal.RecordSupersededUse;
import dev.tokenauthority.events.token.SupersededSecretUsed;
import dev.tokenauthority.events.token.TokenExpired;
import dev.tokenauthority.events.token.TokenRevoked;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The leak signal on the token: a {@link RecordSupersededUse} the edge sends is recorded while the token is active,
 * and revokes it (same commit, expiry cancelled) when its project's policy says so; on a token that opens nothing
 * any more it records nothing (one never issued: the recorder ignores the repository's not-found).
 */
class SupersededUseTests {

    private static final RecordSupersededUse SIGNAL = new RecordSupersededUse(ID, T0.minusSeconds(9), T0.minusSeconds(2), 4,
            List.of("192.0.2.1", "192.0.2.2"), List.of("verify via 127.0.0.1"));

    private final Map<String, SupersededUsePolicy> policies = new HashMap<>();
    private final MutableClock clock = new MutableClock(T0);
    private FixtureConfiguration<Token> fixture;

    @BeforeEach
    void setUp() {
        fixture = TestTokens.fixture(clock, projectId -> policies.getOrDefault(projectId, SupersededUsePolicy.RECORD));
    }

    @Test
    void recordPolicyThenOnlyTheSignalAndTheTokenStillExpires() {
        fixture.givenCommands(TestTokens.create())
                .when(SIGNAL)
                .expectEvents(signal(false))
                .expectScheduledDeadline(LIFETIME, new TokenExpiryDue(ID, T0.plus(LIFETIME)));
    }

    @Test
    void revokePolicyOfAnotherProjectThenOnlyTheSignal() {
        policies.put("p-2", SupersededUsePolicy.REVOKE);
        fixture.givenCommands(TestTokens.create())
                .when(SIGNAL)
                .expectEvents(signal(false))
                .expectScheduledDeadline(LIFETIME, new TokenExpiryDue(ID, T0.plus(LIFETIME)));
    }

    @Test
    void revokePolicyOfItsProjectThenSignalAndRevocationTogetherAndNoExpiry() {
        policies.put("p-1", SupersededUsePolicy.REVOKE);
        fixture.givenCommands(TestTokens.create())
                .when(SIGNAL)
                .expectEvents(signal(true), new TokenRevoked(ID, T0))
                .expectNoScheduledDeadlines();
    }

    @Test
    void aTokenThatOpensNothingThenNothingRecorded() {
        fixture.given(created(), new TokenRevoked(ID, T0)).when(SIGNAL).expectSuccessfulHandlerExecution().expectNoEvents();
        fixture.given(created(), new TokenExpired(ID, T0)).when(SIGNAL).expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void pastItsValidUntilButBeforeTheExpiryEventThenNothingRecorded() {
        clock.advance(LIFETIME);
        fixture.given(created()).when(SIGNAL).expectSuccessfulHandlerExecution().expectNoEvents();
    }

    private static SupersededSecretUsed signal(boolean revoked) {
        return new SupersededSecretUsed(ID, SIGNAL.firstSeenAt(), SIGNAL.lastSeenAt(), 4, SIGNAL.from(), SIGNAL.through(),
                revoked);
    }
}
