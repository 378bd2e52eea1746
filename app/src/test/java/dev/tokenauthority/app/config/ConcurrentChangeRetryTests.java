package dev.tokenauthority.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenauthority.command.audit.AuditMetadataInterceptor;
import dev.tokenauthority.events.audit.AuditMetadata;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Through a real command bus and gateway: a command that lost a race with another node is sent again, up to three
 * times; any other failure is the answer at once.
 */
class ConcurrentChangeRetryTests {

    private final ConcurrentChangeRetry retry = new ConcurrentChangeRetry();
    private final SimpleCommandBus bus = SimpleCommandBus.builder().build();
    private final CommandGateway gateway = DefaultCommandGateway.builder().commandBus(bus).retryScheduler(retry).build();
    private final AtomicInteger calls = new AtomicInteger();

    @AfterEach
    void stop() {
        retry.shutdown();
    }

    private void failing(int times, RuntimeException failure) {
        bus.subscribe(String.class.getName(), command -> {
            if (calls.incrementAndGet() <= times) {
                throw failure;
            }
            return "done";
        });
    }

    @Test
    void aLostRaceIsSentAgainAndSucceeds() {
        failing(2, new ConcurrencyException("another node appended sequence number 4 first"));
        assertThat((String) gateway.sendAndWait("regenerate")).isEqualTo("done");
        assertThat(calls).hasValue(3);
    }

    @Test
    void aCommandSentAgainKeepsWhoSentItAndInWhichCall() {
        bus.registerDispatchInterceptor(new AuditMetadataInterceptor());
        java.util.List<Object> actors = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.List<Object> requestIds = new java.util.concurrent.CopyOnWriteArrayList<>();
        bus.subscribe(String.class.getName(), command -> {
            actors.add(command.getMetaData().get(AuditMetadata.ACTOR));
            requestIds.add(command.getMetaData().get(AuditMetadata.REQUEST_ID));
            if (calls.incrementAndGet() <= 2) {
                throw new ConcurrencyException("another node was first");
            }
            return "done";
        });
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setAttribute(AuditMetadata.ACTOR_ATTRIBUTE, "admin:ops");
        request.setAttribute(AuditMetadata.REQUEST_ID_ATTRIBUTE, "req-42");
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        try {
            assertThat((String) gateway.sendAndWait("regenerate")).isEqualTo("done");
        } finally {
            RequestContextHolder.resetRequestAttributes();
        }
        // the retries ran on the retry thread, outside the request: still the admin's, in the same call
        assertThat(actors).containsExactly("admin:ops", "admin:ops", "admin:ops");
        assertThat(requestIds).containsExactly("req-42", "req-42", "req-42");
    }

    @Test
    void aRaceLostFourTimesIsTheAnswer() {
        failing(10, new ConcurrencyException("always late"));
        assertThatThrownBy(() -> gateway.sendAndWait("regenerate")).isInstanceOf(ConcurrencyException.class);
        assertThat(calls).hasValue(1 + ConcurrentChangeRetry.MAX_RETRIES);
    }

    @Test
    void anyOtherFailureIsNotRetried() {
        failing(10, new IllegalArgumentException("the token was revoked"));
        assertThatThrownBy(() -> gateway.sendAndWait("regenerate")).isInstanceOf(IllegalArgumentException.class);
        assertThat(calls).hasValue(1);
    }
}
