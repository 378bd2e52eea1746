package dev.tokenauthority.app.metrics;

import dev.tokenauthority.events.token.TokenCreated;
import dev.tokenauthority.events.token.TokenExpired;
import dev.tokenauthority.events.token.TokenRegenerated;
import dev.tokenauthority.events.token.TokenRevoked;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;

/**
 * {@code token_authority_tokens_total{event=issued|regenerated|revoked|expired}}: the token events this node has
 * committed since it started (a write call it answered, or an expiry deadline it ran), counted once their
 * transaction commits. Each event is committed by exactly one node, so the sum over the nodes is the cluster's.
 */
@Component
class TokenEventMetrics implements MessageDispatchInterceptor<EventMessage<?>> {

    static final String TOKENS = "token_authority.tokens";

    private final Map<Class<?>, Counter> counters;

    TokenEventMetrics(EventBus eventBus, MeterRegistry registry) {
        this.counters = Map.of(
                TokenCreated.class, counter(registry, "issued"),
                TokenRegenerated.class, counter(registry, "regenerated"),
                TokenRevoked.class, counter(registry, "revoked"),
                TokenExpired.class, counter(registry, "expired"));
        eventBus.registerDispatchInterceptor(this);
    }

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        return (index, message) -> {
            Counter counter = counters.get(message.getPayloadType());
            if (counter != null) {
                if (CurrentUnitOfWork.isStarted()) {
                    CurrentUnitOfWork.get().afterCommit(unitOfWork -> counter.increment());
                } else {
                    counter.increment();
                }
            }
            return message;
        };
    }

    private static Counter counter(MeterRegistry registry, String event) {
        return Counter.builder(TOKENS).description("Token events committed by this node since it started")
                .tag("event", event).register(registry);
    }
}
