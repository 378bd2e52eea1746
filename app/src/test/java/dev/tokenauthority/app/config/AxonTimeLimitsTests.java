package dev.tokenauthority.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.common.Registration;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.SimpleDeadlineManager;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;
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

    @org.axonframework.config.ProcessingGroup("some-group")
    static class SomeProjection {
        @EventHandler
        void on(String event) {
        }
    }

    static class RecordingDeadlineManager extends SimpleDeadlineManager {
        final List<Object> interceptors = new ArrayList<>();

        RecordingDeadlineManager() {
            super(SimpleDeadlineManager.builder().scopeAwareProvider(type -> null));
        }

        @Override
        public Registration registerHandlerInterceptor(
                MessageHandlerInterceptor<? super DeadlineMessage<?>> interceptor) {
            interceptors.add(interceptor);
            return super.registerHandlerInterceptor(interceptor);
        }
    }
}
