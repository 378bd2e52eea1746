package dev.tokenauthority.query.replay;

import dev.tokenauthority.query.progress.ReadModelProgress;
import dev.tokenauthority.query.rebuild.RebuildableModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Rebuilds every {@link RebuildableModel} from the first event beside the live one, which keeps serving reads and
 * following writes: each model's rebuild runs in a tracking processor of its own (position in memory), and once it
 * has caught up with the head the store had when the replay started, the model switches:
 * <ol>
 *   <li>the live processor stops, so the live model's position {@code L} is fixed (write calls wait for their
 *       event to be applied, as they always do; none is refused);</li>
 *   <li>the rebuild goes on until its position covers {@code L} (it is caught up: a matter of milliseconds), then
 *       stops at {@code R};</li>
 *   <li>the rebuilt model becomes the live one, and the live processor is reset to {@code R} (Axon's
 *       {@code resetTokens}) and started: it goes on into the rebuilt model from exactly where that is.</li>
 * </ol>
 * Readers see the old model, complete up to {@code L}, until the switch, and the rebuilt one, complete up to
 * {@code R ⊇ L}, from then on: a write that has answered is never missing. A stop in the middle of a replay
 * leaves the live models and their positions as they were.
 */
@Component
public class ReadModelReplay implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReadModelReplay.class);
    private static final int REBUILD_BATCH = 1000;
    /** How long a switch waits for the rebuild to cover the stopped live model before it tries again later. */
    private static final Duration SWITCH_WAIT = Duration.ofSeconds(10);

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final List<RebuildableModel> models;
    private final TransactionManager transactions;
    private final Clock clock;
    private final ReadModelProgress progress;
    private final long eventsPerSecond;
    private final ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "read-model-replay");
        thread.setDaemon(true);
        return thread;
    });

    private volatile boolean running;
    private volatile ReplayStatus status = ReplayStatus.idle();
    private final List<Rebuild> rebuilds = new ArrayList<>();
    private ScheduledFuture<?> watch;
    private long headAtStart;
    private long lastLogged;

    public ReadModelReplay(EventProcessingConfiguration processing, EventStore eventStore, List<RebuildableModel> models,
                           TransactionManager transactions, Clock clock, ReadModelProgress progress,
                           @Value("${token-authority.replay.events-per-second:0}") long eventsPerSecond) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.models = models;
        this.transactions = transactions;
        this.clock = clock;
        this.progress = progress;
        this.eventsPerSecond = eventsPerSecond;
    }

    public boolean isRunning() {
        return running;
    }

    public ReplayStatus status() {
        return status;
    }

    /**
     * Starts a replay; {@code false} if one is running already, if the read models are still catching up with the
     * store (after a start, say), or if other nodes of a cluster serve: the catalogue's tables are shared, and the
     * node that holds its processor must be the one that switches them.
     */
    public synchronized boolean start() {
        if (running || !progress.authLookupReady() || !progress.allCaughtUp() || progress.othersServing()) {
            return false;
        }
        running = true;
        try {
            headAtStart = headPosition();
            Instant startedAt = clock.instant();
            status = new ReplayStatus("running", startedAt, null, 0L, headAtStart, 0.0, null, null);
            log.info("replay started: rebuilding {} from the first event beside the live models, {} events in the store",
                    models.stream().map(RebuildableModel::processingGroup).toList(), headAtStart);
            for (RebuildableModel model : models) {
                TokenStore positions = new InMemoryTokenStore();
                rebuilds.add(new Rebuild(model, rebuildProcessor(model, positions), positions));
            }
            rebuilds.forEach(rebuild -> rebuild.processor.start());
            lastLogged = System.nanoTime();
            watch = monitor.scheduleWithFixedDelay(this::watch, 100, 100, TimeUnit.MILLISECONDS);
            return true;
        } catch (RuntimeException e) {
            rebuilds.forEach(rebuild -> rebuild.processor.shutDown());
            rebuilds.clear();
            running = false;
            throw e;
        }
    }

    private TrackingEventProcessor rebuildProcessor(RebuildableModel model, TokenStore positions) {
        TrackingEventProcessor processor = TrackingEventProcessor.builder()
                .name(model.processingGroup() + "-rebuild")
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(model.beginRebuild()).build())
                .errorHandler(PropagatingErrorHandler.instance()) // a failed batch is retried, never skipped
                .messageSource(eventStore)
                .tokenStore(positions)
                .transactionManager(transactions)
                .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andBatchSize(REBUILD_BATCH)
                        .andInitialTrackingToken(events -> null))
                .build();
        processor.registerHandlerInterceptor(new ReplayPace(eventsPerSecond));
        model.rebuildInterceptors().forEach(processor::registerHandlerInterceptor);
        return processor;
    }

    private synchronized void watch() {
        try {
            ReplayStatus current = status;
            long done = rebuilds.stream().filter(rebuild -> !rebuild.switched)
                    .mapToLong(rebuild -> position(rebuild.processor)).min().orElse(headAtStart);
            double seconds = Math.max(0.001, Duration.between(current.startedAt(), clock.instant()).toMillis() / 1000.0);
            double rate = done / seconds;
            long total = Math.max(current.eventsTotal(), done);
            Double left = rate > 0 ? Math.max(0, total - done) / rate : null;
            status = new ReplayStatus("running", current.startedAt(), null, done, total, round(rate),
                    left == null ? null : round(left), null);
            if (System.nanoTime() - lastLogged > TimeUnit.SECONDS.toNanos(2)) {
                lastLogged = System.nanoTime();
                log.info("replay: {}/{} events, {}/s, about {} s left", done, total, Math.round(rate),
                        left == null ? "?" : Math.round(left));
            }
            for (Rebuild rebuild : rebuilds) {
                if (!rebuild.switched && caughtUpWithStart(rebuild.processor)) {
                    trySwitch(rebuild);
                }
            }
            if (rebuilds.stream().allMatch(rebuild -> rebuild.switched)) {
                finish(current.startedAt(), total);
            }
        } catch (RuntimeException e) {
            log.error("replay monitor failed; it will try again", e);
        }
    }

    /**
     * Switches one model (steps 1-3 above). If the rebuild does not cover the live model in time, the live processor
     * runs on and so does the rebuild: the next look tries again. Once the models are switched, the switch stands,
     * even if resetting the live processor fails: it then goes on from its old position into the rebuilt model,
     * applying again what the rebuild already did (every handler is idempotent).
     */
    private void trySwitch(Rebuild rebuild) {
        RebuildableModel model = rebuild.model;
        String name = model.processingGroup();
        StreamingEventProcessor live = processor(name);
        live.shutDown();
        try {
            TrackingToken liveAt = storedPosition(processing.tokenStore(name), name);
            long deadline = System.nanoTime() + SWITCH_WAIT.toNanos();
            while (!covers(currentPosition(rebuild.processor), liveAt)) {
                if (System.nanoTime() > deadline) {
                    log.warn("replay: the rebuilt {} did not reach the live one within {}; trying again", name, SWITCH_WAIT);
                    return;
                }
                sleep();
            }
            rebuild.processor.shutDown();
            TrackingToken rebuiltAt = storedPosition(rebuild.positions, rebuild.processor.getName());
            model.switchToRebuilt();
            rebuild.switched = true;
            live.resetTokens(rebuiltAt);
            // The same events, whatever the tokens' gaps say (a gap the live model passed and the rebuild found
            // filled, by the gap closer's marker, is a difference of tokens, not of events applied).
            rebuild.samePositionAsReplaced = covers(rebuiltAt, liveAt) && covers(liveAt, rebuiltAt);
            log.info("replay: {} switched to the rebuilt model at {}", name, rebuiltAt);
        } finally {
            live.start();
            if (!rebuild.switched && !rebuild.processor.isRunning()) {
                rebuild.processor.start();
            }
        }
    }

    private void finish(Instant startedAt, long total) {
        // The rebuild is done when the new models are live; comparing them with the ones they replaced is a check
        // on top, and a fair one only while no event has been applied to the rebuilt model since the switch.
        Instant finishedAt = clock.instant();
        Map<String, ReplayStatus.DigestCheck> checks = new LinkedHashMap<>();
        for (Rebuild rebuild : rebuilds) {
            RebuildableModel model = rebuild.model;
            String before = model.replacedDigest();
            long headBefore = headPosition();
            String after = model.digest();
            boolean comparable = rebuild.samePositionAsReplaced && headBefore == headAtStart && headPosition() == headAtStart;
            // Equal digests are equal models, however the replay went; different ones are a fault only if both
            // models reflect the same events.
            Boolean identical = after.equals(before) ? Boolean.TRUE : comparable ? Boolean.FALSE : null;
            checks.put(model.processingGroup(), new ReplayStatus.DigestCheck(before, after, identical));
            model.dropReplaced();
        }
        double seconds = Math.max(0.001, Duration.between(startedAt, finishedAt).toMillis() / 1000.0);
        status = new ReplayStatus("done", startedAt, finishedAt, total, total, round(total / seconds), 0.0, checks);
        rebuilds.clear();
        running = false;
        watch.cancel(false);
        log.info("replay done: {} events in {} s; read models switched; digests {}", total, round(seconds), checks);
    }

    /** Caught up, and at or past the head the store had when the replay started. */
    private boolean caughtUpWithStart(StreamingEventProcessor processor) {
        var segments = processor.processingStatus().values();
        return !segments.isEmpty() && segments.stream().allMatch(s -> s.isCaughtUp()
                && s.getCurrentPosition().orElse(0) >= headAtStart);
    }

    /** The running rebuild processor's position. */
    private static TrackingToken currentPosition(TrackingEventProcessor processor) {
        return processor.processingStatus().values().stream().findFirst()
                .map(EventTrackerStatus::getTrackingToken).orElse(null);
    }

    /** A stopped processor's position, from its token store (Axon's API; claimed and released at once). */
    private TrackingToken storedPosition(TokenStore tokens, String processorName) {
        return transactions.fetchInTransaction(() -> {
            TrackingToken token = tokens.fetchToken(processorName, 0);
            tokens.releaseClaim(processorName, 0);
            return token;
        });
    }

    private static boolean covers(TrackingToken rebuilt, TrackingToken live) {
        TrackingToken liveAt = unwrap(live);
        if (liveAt == null) {
            return true;
        }
        TrackingToken rebuiltAt = unwrap(rebuilt);
        return rebuiltAt != null && rebuiltAt.covers(liveAt);
    }

    private static TrackingToken unwrap(TrackingToken token) {
        return WrappedToken.unwrapLowerBound(token);
    }

    private static long position(StreamingEventProcessor processor) {
        return processor.processingStatus().values().stream()
                .map(EventTrackerStatus::getCurrentPosition)
                .mapToLong(p -> p.orElse(0))
                .min().orElse(0);
    }

    private long headPosition() {
        TrackingToken head = eventStore.createHeadToken();
        return head == null ? 0 : head.position().orElse(0);
    }

    /** The live models' digests, for a check at any time. */
    public Map<String, String> currentDigests() {
        Map<String, String> digests = new LinkedHashMap<>();
        models.forEach(model -> digests.put(model.processingGroup(), model.digest()));
        return digests;
    }

    private StreamingEventProcessor processor(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no streaming processor " + name));
    }

    private static void sleep() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while switching read models", e);
        }
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    @Override
    public void destroy() {
        monitor.shutdownNow();
        synchronized (this) {
            rebuilds.forEach(rebuild -> rebuild.processor.shutDown());
        }
    }

    /** One model's rebuild: its processor and that processor's positions, and how its switch went. */
    private static final class Rebuild {
        private final RebuildableModel model;
        private final TrackingEventProcessor processor;
        private final TokenStore positions;
        private boolean switched;
        private boolean samePositionAsReplaced;

        Rebuild(RebuildableModel model, TrackingEventProcessor processor, TokenStore positions) {
            this.model = model;
            this.processor = processor;
            this.positions = positions;
        }
    }
}
