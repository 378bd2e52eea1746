package dev.tokenauthority.app.config;

import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.messaging.timeout.UnitOfWorkTimeoutInterceptor;
import org.springframework.stereotype.Component;

/**
 * Axon's time limit on a unit of work, where something can hang with no caller to give up on it: a batch of an
 * event processor and a deadline. Axon's own set-up ({@code axon.timeout.enabled}, switched off in
 * application.properties) also puts it on every command and query, and starting that clock takes a stack trace
 * of the calling thread: 8% of the server's CPU per issued token, a command and two queries each (async-profiler).
 * A command or a query here runs inside an HTTP request, on H2 with its lock timeout, and the one query that
 * waits ({@code FindReadModelsCaughtUp}) bounds its own wait.
 */
@Component
class AxonTimeLimits implements ConfigurerModule {

    private static final int TIMEOUT_MS = 60_000;
    private static final int WARNING_THRESHOLD_MS = 10_000;
    private static final int WARNING_INTERVAL_MS = 1_000;

    @Override
    public void configureModule(Configurer configurer) {
        configurer.eventProcessing().registerDefaultHandlerInterceptor(
                (configuration, processor) -> timeLimit("EventProcessor " + processor));
        // as Axon's module does: at start, when the deadline manager exists, not while the configuration is built
        configurer.onStart(Integer.MIN_VALUE, () -> {
            DeadlineManager deadlines = configurer.buildConfiguration().deadlineManager();
            deadlines.registerHandlerInterceptor(timeLimit(deadlines.getClass().getSimpleName()));
        });
    }

    private static UnitOfWorkTimeoutInterceptor timeLimit(String component) {
        return new UnitOfWorkTimeoutInterceptor(component, TIMEOUT_MS, WARNING_THRESHOLD_MS, WARNING_INTERVAL_MS);
    }
}
