package dev.tokenauthority.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.common.Registration;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.messaging.timeout.UnitOfWorkTimeoutInterceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The time limit Axon's own set-up would put everywhere stays on event processor batches and deadlines. */
class AxonTimeLimitsTests {

    private final RecordingDeadlineManager deadlines = new RecordingDeadlineManager();
    private Configuration configuration;

    @Test
    void everyEventProcessorTimesItsBatches() {
        start();

        assertThat(configuration.eventProcessingConfiguration().eventProcessor("some-group"))
                .hasValueSatisfying(processor -> assertThat(processor.getHandlerInterceptors())
                        .hasAtLeastOneElementOfType(UnitOfWorkTimeoutInterceptor.class));
    }

    @Test
    void deadlinesAreTimed() {
        start();

        assertThat(deadlines.interceptors).hasExactlyElementsOfTypes(UnitOfWorkTimeoutInterceptor.class);
    }

    private void start() {
        Configurer configurer = DefaultConfigurer.defaultConfiguration()
                .configureDeadlineManager(c -> deadlines);
        configurer.eventProcessing().registerEventHandler(c -> new SomeProjection())
                .registerSubscribingEventProcessor("some-group")
                .assignProcessingGroup("some-group", "some-group");
        new AxonTimeLimits().configureModule(configurer);
        configuration = configurer.start();
    }

    @AfterEach
    void shutDown() {
        if (configuration != null) {
            configuration.shutdown();
        }
    }

    @ProcessingGroup("some-group")
    static class SomeProjection {
        @EventHandler
        void on(String event) {
        }
    }

    /** Records the interceptors it is given; the test schedules nothing. */
    static class RecordingDeadlineManager implements DeadlineManager {
        final List<Object> interceptors = new ArrayList<>();

        @Override
        public Registration registerHandlerInterceptor(
                MessageHandlerInterceptor<? super DeadlineMessage<?>> interceptor) {
            interceptors.add(interceptor);
            return () -> interceptors.remove(interceptor);
        }

        @Override
        public Registration registerDispatchInterceptor(
                MessageDispatchInterceptor<? super DeadlineMessage<?>> interceptor) {
            return () -> true;
        }

        @Override
        public String schedule(Instant triggerDateTime, String deadlineName, Object messageOrPayload,
                               ScopeDescriptor deadlineScope) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void cancelSchedule(String deadlineName, String scheduleId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void cancelAll(String deadlineName) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void cancelAllWithinScope(String deadlineName, ScopeDescriptor scope) {
            throw new UnsupportedOperationException();
        }
    }
}
