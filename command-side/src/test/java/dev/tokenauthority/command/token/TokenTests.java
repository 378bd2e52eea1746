package dev.tokenauthority.command.token;

import static dev.tokenauthority.command.token.TestTokens.HASH_1;
import static dev.tokenauthority.command.token.TestTokens.HASH_2;
import static dev.tokenauthority.command.token.TestTokens.ID;
import static dev.tokenauthority.command.token.TestTokens.INSTANCE;
import static dev.tokenauthority.command.token.TestTokens.LIFETIME;
import static dev.tokenauthority.command.token.TestTokens.OTHER_INSTANCE;
import static dev.tokenauthority.command.token.TestTokens.T0;
import static dev.tokenauthority.command.token.TestTokens.create;
import static dev.tokenauthority.command.token.TestTokens.GROUP_A;
import static dev.tokenauthority.command.token.TestTokens.PROJECT;
import static dev.tokenauthority.command.token.TestTokens.created;
import static dev.tokenauthority.command.token.TestTokens.createWith;
import static dev.tokenauthority.command.token.TestTokens.createdForSelector;

import dev.tokenauthority.events.access.Role;
import dev.tokenauthority.events.project.SupersededUsePolicy;
import dev.tokenauthority.events.token.TokenExpired;
import dev.tokenauthority.events.token.TokenLeakReported;
import dev.tokenauthority.events.token.TokenRegenerated;
import dev.tokenauthority.events.token.TokenRenamed;
import dev.tokenauthority.events.token.TokenRevoked;
import java.time.Duration;
import java.util.Map;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenTests {

    private FixtureConfiguration<Token> fixture;
    private MutableClock clock;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(T0);
        fixture = TestTokens.fixture(clock, projectId -> SupersededUsePolicy.RECORD);
    }

    @Test
    void createThenCreatedAndExpiryScheduled() {
        fixture.givenNoPriorActivity()
                .when(create())
                .expectEvents(created())
                .expectScheduledDeadline(LIFETIME, new TokenExpiryDue(ID, T0.plus(LIFETIME)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "ümlaut", "this-name-has-sixty-four-characters-0123456789-0123456789-012345"})
    void createWithBadNameThenRejected(String name) {
        fixture.givenNoPriorActivity()
                .when(create(name))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(TokenRejection.INVALID_NAME)
                .expectNoEvents()
                .expectNoScheduledDeadlines();
    }

    @Test
    void createWithBadLabelThenRejected() {
        fixture.givenNoPriorActivity()
                .when(createWith(INSTANCE, null, Role.OPERATOR, Map.of("Bad Key", "x"), "", LIFETIME))
                .expectExceptionDetails(TokenRejection.INVALID_LABELS)
                .expectNoEvents();
    }

    @Test
    void createWithControlCharacterInDescriptionThenRejected() {
        fixture.givenNoPriorActivity()
                .when(createWith(INSTANCE, null, Role.OPERATOR, Map.of(), "line\nbreak", LIFETIME))
                .expectExceptionDetails(TokenRejection.INVALID_DESCRIPTION)
                .expectNoEvents();
    }

    @Test
    void createWithZeroLifetimeThenRejected() {
        fixture.givenNoPriorActivity()
                .when(createWith(INSTANCE, null, Role.OPERATOR, Map.of(), "", Duration.ZERO))
                .expectExceptionDetails(TokenRejection.INVALID_LIFETIME)
                .expectNoEvents();
    }

    @Test
    void renameThenRenamedWithBothCurrentValues() {
        fixture.given(created())
                .when(UpdateToken.rename(ID, INSTANCE, "new-name", null))
                .expectEvents(new TokenRenamed(ID, "new-name", "for CI"));
    }

    @Test
    void renameToWhatItAlreadyIsThenNothingRecorded() {
        fixture.given(created())
                .when(UpdateToken.rename(ID, INSTANCE, "ci-token", "for CI"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void renameWithBadNameThenRejected() {
        fixture.given(created())
                .when(UpdateToken.rename(ID, INSTANCE, "semi;colon", null))
                .expectExceptionDetails(TokenRejection.INVALID_NAME)
                .expectNoEvents();
    }

    @Test
    void renameWhenRevokedThenRejected() {
        fixture.given(created(), new TokenRevoked(ID, T0))
                .when(UpdateToken.rename(ID, INSTANCE, "x", null))
                .expectExceptionDetails(TokenRejection.TOKEN_REVOKED)
                .expectNoEvents();
    }

    @Test
    void renameWhenExpiredThenRejected() {
        fixture.given(created(), new TokenExpired(ID, T0.plus(LIFETIME)))
                .when(UpdateToken.rename(ID, INSTANCE, "x", null))
                .expectExceptionDetails(TokenRejection.TOKEN_EXPIRED)
                .expectNoEvents();
    }

    @Test
    void regenerateThenNextGenerationWithNewHash() {
        fixture.given(created())
                .when(new RegenerateToken(ID, INSTANCE, HASH_2))
                .expectEvents(new TokenRegenerated(ID, HASH_2, 2, T0));
    }

    @Test
    void regenerateTwiceThenGenerationsCountUp() {
        fixture.given(created(), new TokenRegenerated(ID, HASH_2, 2, T0))
                .when(new RegenerateToken(ID, INSTANCE, "hash-three"))
                .expectEvents(new TokenRegenerated(ID, "hash-three", 3, T0));
    }

    @Test
    void regenerateWhenRevokedThenRejected() {
        fixture.given(created(), new TokenRevoked(ID, T0))
                .when(new RegenerateToken(ID, INSTANCE, HASH_2))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(TokenRejection.TOKEN_REVOKED)
                .expectNoEvents();
    }

    @Test
    void regenerateWhenExpiredThenRejected() {
        fixture.given(created(), new TokenExpired(ID, T0.plus(LIFETIME)))
                .when(new RegenerateToken(ID, INSTANCE, HASH_2))
                .expectExceptionDetails(TokenRejection.TOKEN_EXPIRED)
                .expectNoEvents();
    }

    @Test
    void regenerateAfterValidUntilBeforeDeadlineFiredThenRejected() {
        clock.advance(LIFETIME);
        fixture.given(created())
                .when(new RegenerateToken(ID, INSTANCE, HASH_2))
                .expectExceptionDetails(TokenRejection.TOKEN_EXPIRED)
                .expectNoEvents();
    }

    @Test
    void regenerateUnderAnotherInstanceThenNotFound() {
        fixture.given(created())
                .when(new RegenerateToken(ID, OTHER_INSTANCE, HASH_2))
                .expectExceptionDetails(TokenRejection.TOKEN_NOT_FOUND)
                .expectNoEvents();
    }

    @Test
    void regenerateUnknownTokenThenNotFound() {
        fixture.givenNoPriorActivity()
                .when(new RegenerateToken(ID, INSTANCE, HASH_2))
                .expectException(AggregateNotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void revokeThenRevokedAndExpiryCancelled() {
        fixture.givenCommands(create())
                .when(new RevokeToken(ID, INSTANCE))
                .expectEvents(new TokenRevoked(ID, T0))
                .expectNoScheduledDeadlines();
    }

    @Test
    void revokeTwiceThenRejected() {
        fixture.given(created(), new TokenRevoked(ID, T0))
                .when(new RevokeToken(ID, INSTANCE))
                .expectExceptionDetails(TokenRejection.TOKEN_REVOKED)
                .expectNoEvents();
    }

    @Test
    void revokeExpiredTokenThenRevoked() {
        fixture.given(created(), new TokenExpired(ID, T0.plus(LIFETIME)))
                .when(new RevokeToken(ID, INSTANCE))
                .expectEvents(new TokenRevoked(ID, T0));
    }

    @Test
    void revokeUnderAnotherInstanceThenNotFound() {
        fixture.given(created())
                .when(new RevokeToken(ID, OTHER_INSTANCE))
                .expectExceptionDetails(TokenRejection.TOKEN_NOT_FOUND)
                .expectNoEvents();
    }

    @Test
    void leakReportWithRevokeThenRecordedAndRevokedInOneCommitExpiryCancelled() {
        fixture.givenCommands(create())
                .when(new RecordLeakReport(ID, INSTANCE, "gh-1", "content", "https://example.org/x", true))
                .expectEvents(new TokenLeakReported(ID, T0, "gh-1", "content", "https://example.org/x"), new TokenRevoked(ID, T0))
                .expectNoScheduledDeadlines();
    }

    @Test
    void leakReportWithFlagThenOnlyRecordedTheTokenStillExpires() {
        fixture.givenCommands(create())
                .when(new RecordLeakReport(ID, INSTANCE, "gh-1", "commit", "", false))
                .expectEvents(new TokenLeakReported(ID, T0, "gh-1", "commit", ""))
                .expectScheduledDeadline(LIFETIME, new TokenExpiryDue(ID, T0.plus(LIFETIME)));
    }

    @Test
    void leakReportOfARevokedTokenOrUnderAnotherPathThenRejected() {
        fixture.given(created(), new TokenRevoked(ID, T0))
                .when(new RecordLeakReport(ID, INSTANCE, "gh-1", "content", "", true))
                .expectExceptionDetails(TokenRejection.TOKEN_REVOKED)
                .expectNoEvents();
        fixture.given(created())
                .when(new RecordLeakReport(ID, OTHER_INSTANCE, "gh-1", "content", "", true))
                .expectExceptionDetails(TokenRejection.TOKEN_NOT_FOUND)
                .expectNoEvents();
    }

    @Test
    void lifetimeElapsedThenExpiredAtValidUntil() {
        fixture.givenCommands(create())
                .whenTimeElapses(LIFETIME.plusSeconds(1))
                .expectDeadlinesMet(new TokenExpiryDue(ID, T0.plus(LIFETIME)))
                .expectEvents(new TokenExpired(ID, T0.plus(LIFETIME)));
    }

    @Test
    void lifetimeElapsedAfterRevokeThenNothingHappens() {
        fixture.givenCommands(create(), new RevokeToken(ID, INSTANCE))
                .whenTimeElapses(LIFETIME.plusSeconds(1))
                .expectNoEvents();
    }

    @Test
    void lifetimeNotYetElapsedThenStillActive() {
        fixture.givenCommands(create())
                .whenTimeElapses(LIFETIME.minusSeconds(1))
                .expectNoEvents()
                .expectScheduledDeadline(Duration.ofSeconds(1), new TokenExpiryDue(ID, T0.plus(LIFETIME)));
    }

    @Test
    void createSelectorTokenThenCreatedWithSelectorAndRole() {
        fixture.givenNoPriorActivity()
                .when(createWith(PROJECT, GROUP_A, Role.READ_ONLY, Map.of(), "", LIFETIME))
                .expectEvents(createdForSelector());
    }

    @Test
    void createSelectorTokenWithoutSelectorThenRejected() {
        fixture.givenNoPriorActivity()
                .when(createWith(PROJECT, Map.of(), Role.READ_ONLY, Map.of(), "", LIFETIME))
                .expectExceptionDetails(TokenRejection.INVALID_SELECTOR)
                .expectNoEvents();
    }

    @Test
    void createSelectorTokenWithBadSelectorThenRejected() {
        fixture.givenNoPriorActivity()
                .when(createWith(PROJECT, Map.of("group", "not valid!"), Role.READ_ONLY, Map.of(), "", LIFETIME))
                .expectExceptionDetails(TokenRejection.INVALID_SELECTOR)
                .expectNoEvents();
    }

    @Test
    void createInstanceTokenWithSelectorThenRejected() {
        fixture.givenNoPriorActivity()
                .when(createWith(INSTANCE, GROUP_A, Role.OPERATOR, Map.of(), "", LIFETIME))
                .expectExceptionDetails(TokenRejection.INVALID_SELECTOR)
                .expectNoEvents();
    }

    @Test
    void createForUnregisteredInstanceThenRejected() {
        fixture.givenNoPriorActivity()
                .when(createWith(OTHER_INSTANCE, null, Role.OPERATOR, Map.of(), "", LIFETIME))
                .expectExceptionDetails(TokenRejection.INSTANCE_NOT_FOUND)
                .expectNoEvents()
                .expectNoScheduledDeadlines();
    }

    @Test
    void createWithoutRoleThenRejected() {
        fixture.givenNoPriorActivity()
                .when(createWith(PROJECT, GROUP_A, null, Map.of(), "", LIFETIME))
                .expectExceptionDetails(TokenRejection.INVALID_ROLE)
                .expectNoEvents();
    }

    @Test
    void regenerateSelectorTokenUnderItsProjectPathThenRegenerated() {
        fixture.given(createdForSelector())
                .when(new RegenerateToken(ID, PROJECT, HASH_2))
                .expectEvents(new TokenRegenerated(ID, HASH_2, 2, T0));
    }

    @Test
    void regenerateSelectorTokenUnderAnInstancePathThenNotFound() {
        fixture.given(createdForSelector())
                .when(new RegenerateToken(ID, INSTANCE, HASH_2))
                .expectExceptionDetails(TokenRejection.TOKEN_NOT_FOUND)
                .expectNoEvents();
    }
}
