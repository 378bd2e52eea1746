package dev.tokenauthority.command.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenauthority.command.token.MutableClock;
import dev.tokenauthority.events.access.ProjectRole;
import dev.tokenauthority.events.serviceaccount.ServiceAccountCreated;
import dev.tokenauthority.events.serviceaccount.ServiceAccountDeleted;
import dev.tokenauthority.events.serviceaccount.ServiceAccountKeyRotated;
import dev.tokenauthority.events.serviceaccount.ServiceAccountUpdated;
import java.time.Duration;
import java.time.Instant;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceAccountTests {

    private static final String ID = "5b0b8f0e-1c1a-4d2e-9f3a-000000000001";
    private static final String PROJECT = "p-1";
    private static final String HASH_1 = "hash-of-key-1";
    private static final String HASH_2 = "hash-of-key-2";
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    private FixtureConfiguration<ServiceAccount> fixture;
    private MutableClock clock;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(T0);
        fixture = new AggregateTestFixture<>(ServiceAccount.class);
        fixture.registerInjectableResource(clock);
    }

    private static CreateServiceAccount create(Duration lifetime) {
        return new CreateServiceAccount(ID, PROJECT, "ci pipeline", null, ProjectRole.EDITOR, lifetime, HASH_1);
    }

    private static ServiceAccountCreated created(Instant validUntil) {
        return new ServiceAccountCreated(ID, PROJECT, "ci pipeline", "", ProjectRole.EDITOR, HASH_1, T0, validUntil);
    }

    @Test
    void createWithoutLifetimeNeverExpires() {
        fixture.givenNoPriorActivity().when(create(null)).expectEvents(created(null));
    }

    @Test
    void createWithLifetimeIsValidUntilThen() {
        fixture.givenNoPriorActivity().when(create(Duration.ofDays(7))).expectEvents(created(T0.plus(Duration.ofDays(7))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "this-name-has-sixty-four-characters-0123456789-0123456789-012345"})
    void createWithBadNameIsRejectedAndRecordsNothing(String name) {
        fixture.givenNoPriorActivity()
                .when(new CreateServiceAccount(ID, PROJECT, name, null, ProjectRole.VIEWER, null, HASH_1))
                .expectNoEvents()
                .expectExceptionDetails(ServiceAccountRejection.INVALID_NAME);
    }

    @Test
    void createWithoutRoleOrWithTooShortLifetimeIsRejected() {
        fixture.givenNoPriorActivity()
                .when(new CreateServiceAccount(ID, PROJECT, "a", null, null, null, HASH_1))
                .expectNoEvents().expectExceptionDetails(ServiceAccountRejection.INVALID_ROLE);
        fixture.givenNoPriorActivity()
                .when(create(Duration.ofMillis(999)))
                .expectNoEvents().expectExceptionDetails(ServiceAccountRejection.INVALID_LIFETIME);
    }

    @Test
    void updateRecordsWhatItIsNow() {
        fixture.given(created(null))
                .when(new UpdateServiceAccount(ID, PROJECT, null, "deploys p-1", ProjectRole.OWNER))
                .expectEvents(new ServiceAccountUpdated(ID, PROJECT, "ci pipeline", "deploys p-1", ProjectRole.OWNER));
    }

    @Test
    void updateThatChangesNothingRecordsNothing() {
        fixture.given(created(null))
                .when(new UpdateServiceAccount(ID, PROJECT, "ci pipeline", null, ProjectRole.EDITOR))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void rotateCountsGenerations() {
        fixture.given(created(null), new ServiceAccountKeyRotated(ID, PROJECT, HASH_2, 2, T0))
                .when(new RotateServiceAccountKey(ID, PROJECT, "hash-3"))
                .expectEvents(new ServiceAccountKeyRotated(ID, PROJECT, "hash-3", 3, T0));
    }

    @Test
    void anotherProjectsCallFindsNoSuchAccount() {
        fixture.given(created(null))
                .when(new RotateServiceAccountKey(ID, "p-2", HASH_2))
                .expectNoEvents().expectExceptionDetails(ServiceAccountRejection.SERVICE_ACCOUNT_NOT_FOUND);
        fixture.given(created(null))
                .when(new DeleteServiceAccount(ID, "p-2"))
                .expectNoEvents().expectExceptionDetails(ServiceAccountRejection.SERVICE_ACCOUNT_NOT_FOUND);
    }

    @Test
    void anExpiredAccountCanOnlyBeDeleted() {
        Instant validUntil = T0.plusSeconds(60);
        clock.advance(Duration.ofSeconds(60));
        fixture.given(created(validUntil))
                .when(new RotateServiceAccountKey(ID, PROJECT, HASH_2))
                .expectNoEvents().expectExceptionDetails(ServiceAccountRejection.SERVICE_ACCOUNT_EXPIRED);
        fixture.given(created(validUntil))
                .when(new UpdateServiceAccount(ID, PROJECT, "renamed", null, null))
                .expectNoEvents().expectExceptionDetails(ServiceAccountRejection.SERVICE_ACCOUNT_EXPIRED);
        fixture.given(created(validUntil))
                .when(new DeleteServiceAccount(ID, PROJECT))
                .expectEvents(new ServiceAccountDeleted(ID, PROJECT, validUntil));
    }

    @Test
    void aDeletedAccountAcceptsNothing() {
        ServiceAccountDeleted deleted = new ServiceAccountDeleted(ID, PROJECT, T0);
        fixture.given(created(null), deleted)
                .when(new RotateServiceAccountKey(ID, PROJECT, HASH_2))
                .expectNoEvents().expectExceptionDetails(ServiceAccountRejection.SERVICE_ACCOUNT_NOT_FOUND);
        fixture.given(created(null), deleted)
                .when(new DeleteServiceAccount(ID, PROJECT))
                .expectNoEvents().expectException(CommandExecutionException.class);
    }

    @Test
    void roleIncludesTheOnesBelow() {
        assertThat(ProjectRole.OWNER.includes(ProjectRole.EDITOR)).isTrue();
        assertThat(ProjectRole.EDITOR.includes(ProjectRole.VIEWER)).isTrue();
        assertThat(ProjectRole.VIEWER.includes(ProjectRole.EDITOR)).isFalse();
        assertThat(ProjectRole.EDITOR.includes(ProjectRole.OWNER)).isFalse();
    }
}
