package dev.tokenauthority.app.metrics;

import dev.tokenauthority.app.config.EventStoreHead;
import dev.tokenauthority.query.authlookup.AuthLookupModel;
import dev.tokenauthority.query.progress.ReadModelProgress;
import dev.tokenauthority.query.replay.ReadModelReplay;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;
import org.springframework.stereotype.Component;

/**
 * What this node's read models hold and how far behind the event store they are, read when scraped:
 * <ul>
 *   <li>{@code token_authority_processor_lag_events{processor}}: events committed that the processor has not
 *       handled on this node; {@code …_lag_seconds}: how old the first of them is (0 when caught up). A processor
 *       whose segment another node of the cluster holds (catalogue, audit trail) has no lag here: NaN.</li>
 *   <li>{@code token_authority_tokens_active}: secrets the auth lookup would accept now (not revoked, superseded,
 *       expired or deleted).</li>
 *   <li>{@code token_authority_replay_running}, {@code …_replay_events_done}, {@code …_replay_events_target}.</li>
 * </ul>
 */
@Component
class ReadModelMetrics implements MeterBinder {

    private final ReadModelProgress progress;
    private final EventStoreHead head;
    private final AuthLookupModel authLookup;
    private final ReadModelReplay replay;
    private final Clock clock;

    ReadModelMetrics(ReadModelProgress progress, EventStoreHead head, AuthLookupModel authLookup,
                     ReadModelReplay replay, Clock clock) {
        this.progress = progress;
        this.head = head;
        this.authLookup = authLookup;
        this.replay = replay;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String processor : ReadModelProgress.READ_MODELS) {
            Gauge.builder("token_authority.processor.lag.events", () -> lagEvents(processor))
                    .description("Events committed that this node's processor has not handled")
                    .tag("processor", processor).register(registry);
            Gauge.builder("token_authority.processor.lag.seconds", () -> lagSeconds(processor))
                    .description("Age of the oldest event this node's processor has not handled (0: caught up)")
                    .tag("processor", processor).register(registry);
        }
        Gauge.builder("token_authority.tokens.active", () -> authLookup.live().tokens().size())
                .description("Secrets this node's auth lookup accepts now").register(registry);
        Gauge.builder("token_authority.replay.running", () -> "running".equals(replay.status().state()) ? 1 : 0)
                .description("1 while a replay rebuilds the read models").register(registry);
        Gauge.builder("token_authority.replay.events.done", () -> orNaN(replay.status().eventsDone()))
                .description("Events the running or last replay has rebuilt").register(registry);
        Gauge.builder("token_authority.replay.events.target", () -> orNaN(replay.status().eventsTotal()))
                .description("Events the running or last replay rebuilds").register(registry);
    }

    private double lagEvents(String processor) {
        OptionalLong position = progress.lowestPosition(processor);
        if (position.isEmpty()) {
            return Double.NaN;
        }
        return Math.max(0, head.index() - position.getAsLong());
    }

    private double lagSeconds(String processor) {
        OptionalLong position = progress.lowestPosition(processor);
        if (position.isEmpty()) {
            return Double.NaN;
        }
        return head.timestampAfter(position.getAsLong())
                .map(oldest -> Math.max(0, Duration.between(oldest, clock.instant()).toNanos() / 1e9))
                .orElse(0.0);
    }

    private static double orNaN(Long value) {
        return value == null ? Double.NaN : value;
    }
}
