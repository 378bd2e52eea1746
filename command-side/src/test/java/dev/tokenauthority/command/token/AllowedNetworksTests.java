package dev.tokenauthority.command.token;

import static dev.tokenauthority.command.token.TestTokens.HASH_1;
import static dev.tokenauthority.command.token.TestTokens.ID;
import static dev.tokenauthority.command.token.TestTokens.INSTANCE;
import static dev.tokenauthority.command.token.TestTokens.LIFETIME;
import static dev.tokenauthority.command.token.TestTokens.T0;
import static dev.tokenauthority.command.token.TestTokens.created;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenauthority.events.access.Role;
import dev.tokenauthority.events.project.SupersededUsePolicy;
import dev.tokenauthority.events.signal.RecordDisallowedAddressUse;
import dev.tokenauthority.events.token.DisallowedAddressUsed;
import dev.tokenauthority.events.token.TokenAllowedNetworksSet;
import dev.tokenauthority.events.token.TokenExpired;
import dev.tokenauthority.events.token.TokenRenamed;
import dev.tokenauthority.events.token.TokenRevoked;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A token's allowed networks: set at creation in the same commit as the token, changed by an update (all or nothing
 * with the name and description), refused with what is wrong when they do not parse; and the signal the edge sends
 * when its secret comes from elsewhere, recorded only while the token opens something.
 */
class AllowedNetworksTests {

    private static final RecordDisallowedAddressUse SIGNAL = new RecordDisallowedAddressUse(ID, T0.minusSeconds(9),
            T0.minusSeconds(2), 3, List.of("203.0.113.9"), List.of("verify via 127.0.0.1"));

    private final MutableClock clock = new MutableClock(T0);
    private FixtureConfiguration<Token> fixture;

    @BeforeEach
    void setUp() {
        fixture = TestTokens.fixture(clock, projectId -> SupersededUsePolicy.RECORD);
    }

    @Test
    void createdWithNetworksThenTheirCanonicalFormRecordedRightAfterTheToken() {
        fixture.givenNoPriorActivity()
                .when(create(List.of("10.0.0.0/8", "2001:DB8::/32", "192.0.2.7", "10.0.0.0/8")))
                .expectEvents(created(), new TokenAllowedNetworksSet(ID, List.of("10.0.0.0/8", "2001:db8::/32",
                        "192.0.2.7/32"), T0));
    }

    @Test
    void createdWithoutNetworksThenNoRestrictionRecorded() {
        fixture.givenNoPriorActivity().when(create(List.of())).expectEvents(created());
    }

    @Test
    void createdWithABadNetworkThenRefusedWithWhatIsWrongAndNothingRecorded() {
        fixture.givenNoPriorActivity()
                .when(create(List.of("10.0.0.0/8", "10.1.2.3/8")))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(TokenRejection.INVALID_ALLOWED_NETWORKS)
                .expectExceptionMessage(org.hamcrest.Matchers.startsWith(
                        "'10.1.2.3/8' has host bits set beyond /8; did you mean 10.0.0.0/8?"))
                .expectNoEvents()
                .expectNoScheduledDeadlines();
    }

    @Test
    void updatedThenChangedLiftedAndAnUnchangedListRecordsNothing() {
        clock.advance(java.time.Duration.ofMinutes(1));
        fixture.given(created())
                .when(new UpdateToken(ID, INSTANCE, null, null, List.of("::1")))
                .expectEvents(new TokenAllowedNetworksSet(ID, List.of("::1/128"), T0.plusSeconds(60)));
        fixture.given(created(), new TokenAllowedNetworksSet(ID, List.of("::1/128"), T0))
                .when(new UpdateToken(ID, INSTANCE, null, null, List.of("0:0:0:0:0:0:0:1")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(created(), new TokenAllowedNetworksSet(ID, List.of("::1/128"), T0))
                .when(new UpdateToken(ID, INSTANCE, null, null, List.of()))
                .expectEvents(new TokenAllowedNetworksSet(ID, List.of(), T0.plusSeconds(60)));
        fixture.given(created(), new TokenAllowedNetworksSet(ID, List.of("::1/128"), T0))
                .when(UpdateToken.rename(ID, INSTANCE, "renamed", null))
                .expectEvents(new TokenRenamed(ID, "renamed", "for CI"));
    }

    @Test
    void updatedWithANewNameAndABadNetworkThenNeitherChanges() {
        fixture.given(created())
                .when(new UpdateToken(ID, INSTANCE, "renamed", null, List.of("example.com")))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(TokenRejection.INVALID_ALLOWED_NETWORKS)
                .expectNoEvents();
    }

    @Test
    void updatedWithNameAndNetworksThenBothInOneCommit() {
        fixture.given(created())
                .when(new UpdateToken(ID, INSTANCE, "renamed", null, List.of("10.0.0.0/8")))
                .expectEvents(new TokenRenamed(ID, "renamed", "for CI"),
                        new TokenAllowedNetworksSet(ID, List.of("10.0.0.0/8"), T0));
    }

    @Test
    void disallowedAddressSignalRecordedWhileTheTokenOpensSomething() {
        fixture.given(created(), new TokenAllowedNetworksSet(ID, List.of("10.0.0.0/8"), T0))
                .when(SIGNAL)
                .expectEvents(new DisallowedAddressUsed(ID, SIGNAL.firstSeenAt(), SIGNAL.lastSeenAt(), 3, SIGNAL.from(),
                        SIGNAL.through()));
        fixture.given(created(), new TokenRevoked(ID, T0)).when(SIGNAL).expectSuccessfulHandlerExecution().expectNoEvents();
        fixture.given(created(), new TokenExpired(ID, T0)).when(SIGNAL).expectSuccessfulHandlerExecution().expectNoEvents();
        clock.advance(LIFETIME);
        fixture.given(created()).when(SIGNAL).expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void theRejectionsMessageIsPrintableEvenForHostileInput() {
        fixture.givenNoPriorActivity()
                .when(create(List.of("\u0000\u202e10.0.0.1")))
                .expectExceptionDetails(TokenRejection.INVALID_ALLOWED_NETWORKS)
                .expectException(org.hamcrest.Matchers.<Throwable>hasProperty("message",
                        org.hamcrest.Matchers.matchesPattern("[\\x20-\\x7e]+")));
        assertThat(TokenRejection.INVALID_ALLOWED_NETWORKS.description()).contains("CIDR");
    }

    private static CreateToken create(List<String> networks) {
        return new CreateToken(ID, INSTANCE, null, Role.OPERATOR, "ci-token", "for CI", Map.of("team", "ml"), LIFETIME,
                HASH_1, networks);
    }
}
