package dev.tokenauthority.app.eventstore;

import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * Runs the {@link EventStoreGapCloser} on every node, a round a second once the service is up. A gap is closed
 * once it has been missing for {@code token-authority.event-store.gap-grace} (default 5 s): appends take
 * milliseconds, and one that is merely slow is waited for, not overtaken (see the closer).
 */
@Configuration(proxyBeanMethods = false)
class EventStoreGapClosing {

    private static final Duration PERIOD = Duration.ofSeconds(1);

    @Bean(destroyMethod = "close")
    EventStoreGapCloser eventStoreGapCloser(DataSource dataSource, @Qualifier("eventSerializer") Serializer serializer,
                                            Clock clock,
                                            @Value("${token-authority.event-store.gap-grace:5s}") Duration grace) {
        return new EventStoreGapCloser(dataSource, serializer, clock, grace);
    }

    @EventListener(ApplicationReadyEvent.class)
    void start(ApplicationReadyEvent ready) {
        ready.getApplicationContext().getBean(EventStoreGapCloser.class).start(PERIOD);
    }
}
