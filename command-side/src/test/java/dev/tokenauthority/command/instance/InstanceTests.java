package dev.tokenauthority.command.instance;

import dev.tokenauthority.command.instance.InstanceCommands.DeleteInstance;
import dev.tokenauthority.command.instance.InstanceCommands.RegisterInstance;
import dev.tokenauthority.command.instance.InstanceCommands.RelabelInstance;
import dev.tokenauthority.command.instance.InstanceCommands.StartInstance;
import dev.tokenauthority.command.instance.InstanceCommands.StopInstance;
import dev.tokenauthority.events.instance.InstanceDeleted;
import dev.tokenauthority.events.instance.InstanceRegistered;
import dev.tokenauthority.events.instance.InstanceRelabelled;
import dev.tokenauthority.events.instance.InstanceStarted;
import dev.tokenauthority.events.instance.InstanceStopped;
import dev.tokenauthority.events.instance.InstanceType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InstanceTests {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String ID = "4c4f6253-a059-424a-92da-5e06a12ddffd";
    private static final InstancePath PATH = new InstancePath("p-1", "gra");
    private static final Map<String, String> GROUP_A_WITH_RESERVED =
            Map.of("group", "A", "token-authority/id", ID, "token-authority/type", "app");

    private FixtureConfiguration<Instance> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Instance.class);
        fixture.registerInjectableResource(Clock.fixed(T0, ZoneOffset.UTC));
    }

    private static InstanceRegistered registered() {
        return new InstanceRegistered(ID, "p-1", "gra", InstanceType.APP, "hello", GROUP_A_WITH_RESERVED, T0);
    }

    @Test
    void registerThenReservedLabelsAdded() {
        fixture.givenNoPriorActivity()
                .when(new RegisterInstance(ID, PATH, InstanceType.APP, "hello", Map.of("group", "A")))
                .expectEvents(registered());
    }

    @Test
    void registerWithReservedLabelsThenTheirValuesAreOverwritten() {
        fixture.givenNoPriorActivity()
                .when(new RegisterInstance(ID, PATH, InstanceType.APP, "hello",
                        Map.of("group", "A", "token-authority/id", "someone-else", "token-authority/type", "experiments",
                                "token-authority/extra", "x")))
                .expectEvents(registered());
    }

    @Test
    void registerWithBadLabelThenRejected() {
        fixture.givenNoPriorActivity()
                .when(new RegisterInstance(ID, PATH, InstanceType.APP, null, Map.of("Group", "A")))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(InstanceRejection.INVALID_LABELS)
                .expectNoEvents();
    }

    @Test
    void registerWithBadLabelValueThenRejected() {
        fixture.givenNoPriorActivity()
                .when(new RegisterInstance(ID, PATH, InstanceType.APP, null, Map.of("group", "-A")))
                .expectExceptionDetails(InstanceRejection.INVALID_LABELS)
                .expectNoEvents();
    }

    @Test
    void registerWithoutTypeThenRejected() {
        fixture.givenNoPriorActivity()
                .when(new RegisterInstance(ID, PATH, null, null, Map.of()))
                .expectExceptionDetails(InstanceRejection.INVALID_TYPE)
                .expectNoEvents();
    }

    @Test
    void registerWithBadNameThenRejected() {
        fixture.givenNoPriorActivity()
                .when(new RegisterInstance(ID, PATH, InstanceType.APP, "bad/name", Map.of()))
                .expectExceptionDetails(InstanceRejection.INVALID_NAME)
                .expectNoEvents();
    }

    @Test
    void relabelThenReservedLabelsKept() {
        fixture.given(registered())
                .when(new RelabelInstance(ID, PATH, Map.of("group", "B", "token-authority/id", "x")))
                .expectEvents(new InstanceRelabelled(ID,
                        Map.of("group", "B", "token-authority/id", ID, "token-authority/type", "app")));
    }

    @Test
    void relabelToSameLabelsThenNothingRecorded() {
        fixture.given(registered())
                .when(new RelabelInstance(ID, PATH, Map.of("group", "A")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void stopThenStartThenEachRecordedOnce() {
        fixture.given(registered())
                .when(new StopInstance(ID, PATH))
                .expectEvents(new InstanceStopped(ID, T0));
        fixture.given(registered(), new InstanceStopped(ID, T0))
                .when(new StartInstance(ID, PATH))
                .expectEvents(new InstanceStarted(ID, T0));
    }

    @Test
    void startWhenRunningThenNothingRecorded() {
        fixture.given(registered())
                .when(new StartInstance(ID, PATH))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void deleteThenDeleted() {
        fixture.given(registered())
                .when(new DeleteInstance(ID, PATH))
                .expectEvents(new InstanceDeleted(ID, T0));
    }

    @Test
    void anythingAfterDeleteThenRejected() {
        fixture.given(registered(), new InstanceDeleted(ID, T0))
                .when(new StopInstance(ID, PATH))
                .expectExceptionDetails(InstanceRejection.INSTANCE_DELETED)
                .expectNoEvents();
        fixture.given(registered(), new InstanceDeleted(ID, T0))
                .when(new DeleteInstance(ID, PATH))
                .expectExceptionDetails(InstanceRejection.INSTANCE_DELETED)
                .expectNoEvents();
    }

    @Test
    void commandUnderAnotherRegionThenNotFound() {
        fixture.given(registered())
                .when(new StopInstance(ID, new InstancePath("p-1", "eu01")))
                .expectExceptionDetails(InstanceRejection.INSTANCE_NOT_FOUND)
                .expectNoEvents();
    }
}
