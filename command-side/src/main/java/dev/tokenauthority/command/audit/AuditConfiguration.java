package dev.tokenauthority.command.audit;

import static dev.tokenauthority.events.audit.AuditMetadata.ACTOR;
import static dev.tokenauthority.events.audit.AuditMetadata.CLIENT_ADDRESS;
import static dev.tokenauthority.events.audit.AuditMetadata.REQUEST_ID;
import static dev.tokenauthority.events.audit.AuditMetadata.SYSTEM;

import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes the event store an audit trail: commands carry who/where/which call, Axon copies that onto their
 * events, and what a deadline causes (a token's expiry) is the system's doing, not the admin's who created the
 * token.
 */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    /** Axon's default (correlation and trace ids); declaring any provider replaces it, so it is declared here. */
    @Bean
    static CorrelationDataProvider messageOriginProvider() {
        return exceptForEvents(new MessageOriginProvider());
    }

    @Bean
    static CorrelationDataProvider auditMetadataProvider() {
        return exceptForEvents(new SimpleCorrelationDataProvider(ACTOR, CLIENT_ADDRESS, REQUEST_ID));
    }

    /**
     * Correlation data flows from a command to the events it causes. Axon asks the same providers about every
     * event an event processor handles, which deserialised each event's metadata during a replay (a tenth of a
     * processor's CPU, async-profiler) for nothing: no event handler here sends a message. Deadlines, which are
     * event messages too, get their actor from {@link #deadlinesAreTheSystems}.
     */
    static CorrelationDataProvider exceptForEvents(CorrelationDataProvider provider) {
        return message -> message instanceof EventMessage<?> ? Map.of() : provider.correlationDataFor(message);
    }

    @Autowired
    void stampCommands(CommandBus commandBus) {
        commandBus.registerDispatchInterceptor(new AuditMetadataInterceptor());
    }

    /**
     * A deadline is the system's doing: its message is stamped {@code actor=system} when scheduled, and, because
     * Axon's deadline managers register no correlation data of their own, the unit of work that handles it
     * copies that actor onto the events it causes.
     */
    @Autowired
    void deadlinesAreTheSystems(DeadlineManager deadlines) {
        deadlines.registerDispatchInterceptor(messages -> (index, deadline) -> deadline.withMetaData(
                deadline.getMetaData().withoutKeys(Set.of(CLIENT_ADDRESS, REQUEST_ID)).and(ACTOR, SYSTEM)));
        deadlines.registerHandlerInterceptor((unitOfWork, chain) -> {
            unitOfWork.registerCorrelationDataProvider(new SimpleCorrelationDataProvider(ACTOR));
            return chain.proceed();
        });
    }
}
