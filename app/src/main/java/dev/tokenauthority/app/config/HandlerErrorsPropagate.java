package dev.tokenauthority.app.config;

import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.stereotype.Component;

/**
 * An event handler's failure is never skipped. Axon's default ({@code LoggingErrorHandler}) logs it and goes on with
 * the next event: a read model then lacks the event for good, and a subscribing processor's table (the command side's
 * instance directory, project policies, webhooks) lacks the row while the command that made the event commits and
 * answers success. Here every processor propagates it: a subscribing handler's failure fails and rolls back the
 * command, its event included; a tracking processor's batch is rolled back and retried (Axon backs off, up to a
 * minute) until it succeeds, its position never passing an event it did not apply. A revocation that a read model
 * skipped would be the worst such loss. (The replay's processors did so already: {@code ReadModelReplay}.)
 */
@Component
class HandlerErrorsPropagate implements ConfigurerModule {

    @Override
    public void configureModule(Configurer configurer) {
        configurer.eventProcessing()
                .registerDefaultListenerInvocationErrorHandler(configuration -> PropagatingErrorHandler.instance());
    }
}
