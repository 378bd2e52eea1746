package dev.tokenauthority.command.project;

import dev.tokenauthority.events.project.ProjectPolicySet;
import dev.tokenauthority.events.project.SupersededUsePolicy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A project's token policy: the first call always recorded (it creates the policy), later ones only as changes. */
class ProjectPolicyTests {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String POLICY_ID = "project-policy:p-1";

    private FixtureConfiguration<ProjectPolicy> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ProjectPolicy.class);
        fixture.registerInjectableResource(Clock.fixed(T0, ZoneOffset.UTC));
    }

    @Test
    void theFirstPolicyOfAProjectIsRecordedEvenTheDefault() {
        fixture.givenNoPriorActivity()
                .when(new SetProjectPolicy("p-1", SupersededUsePolicy.RECORD))
                .expectEvents(new ProjectPolicySet("p-1", SupersededUsePolicy.RECORD, T0));
    }

    @Test
    void aChangeIsRecordedAndTheSamePolicyAgainIsNothing() {
        fixture.given(new ProjectPolicySet("p-1", SupersededUsePolicy.RECORD, T0))
                .when(new SetProjectPolicy("p-1", SupersededUsePolicy.REVOKE))
                .expectEvents(new ProjectPolicySet("p-1", SupersededUsePolicy.REVOKE, T0));
        fixture.given(new ProjectPolicySet("p-1", SupersededUsePolicy.REVOKE, T0))
                .when(new SetProjectPolicy("p-1", SupersededUsePolicy.REVOKE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void thePolicyHasAnIdOfItsOwnBesideInstancesAndTokens() {
        org.assertj.core.api.Assertions.assertThat(new SetProjectPolicy("p-1", SupersededUsePolicy.REVOKE).policyId())
                .isEqualTo(POLICY_ID);
    }
}
