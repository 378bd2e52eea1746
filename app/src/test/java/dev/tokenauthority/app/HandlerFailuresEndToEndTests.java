package dev.tokenauthority.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An event handler's failure is never skipped (Axon's default logs it and goes on): a command whose subscribing
 * handler fails is refused and leaves no event, and every processor, tracking ones included, propagates.
 */
class HandlerFailuresEndToEndTests {

    private static final String INSTANCES = RunningService.INSTANCES;

    @TempDir
    Path dataDir;

    @Test
    void aCommandWhoseDirectoryCannotBeWrittenIsRefusedAndLeavesNoEvent() {
        try (RunningService service = RunningService.start(dataDir)) {
            long registrations = registrations(service);
            service.database().execute("ALTER TABLE instance_directory RENAME TO instance_directory_away");
            try {
                HttpResponse<String> refused = service.admin("POST", INSTANCES, "{\"type\":\"app\",\"name\":\"lost\"}");
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(500);
                assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            } finally {
                service.database().execute("ALTER TABLE instance_directory_away RENAME TO instance_directory");
            }
            assertThat(registrations(service)).as("the refused registration's event").isEqualTo(registrations);

            String instance = service.registerInstance(RunningService.REGION, "{}");
            HttpResponse<String> created = service.admin("POST", INSTANCES + "/" + instance + "/tokens", "{\"name\":\"t\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        }
    }

    @Test
    void everyEventProcessorPropagatesItsHandlersFailures() {
        try (RunningService service = RunningService.start(dataDir)) {
            EventProcessingConfiguration processing = service.bean(EventProcessingConfiguration.class);
            assertThat(processing.eventProcessors()).isNotEmpty();
            processing.eventProcessors().forEach((name, processor) ->
                    assertThat(processing.listenerInvocationErrorHandler(name)).as(name)
                            .isSameAs(PropagatingErrorHandler.instance()));
        }
    }

    private static long registrations(RunningService service) {
        return service.database().queryForObject("SELECT COUNT(*) FROM domain_event_entry WHERE payload_type = ?",
                Long.class, "dev.tokenauthority.events.instance.InstanceRegistered");
    }
}
