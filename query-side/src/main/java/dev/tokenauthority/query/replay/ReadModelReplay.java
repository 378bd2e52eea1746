package dev.tokenauthority.query.replay;

import dev.tokenauthority.query.authlookup.AuthLookupModel;
import dev.tokenauthority.query.authlookup.AuthLookupProjection;
import dev.tokenauthority.query.catalogue.CatalogueProjection;
import dev.tokenauthority.query.catalogue.InstanceCatalogue;
import dev.tokenauthority.query.catalogue.TokenCatalogue;
import dev.tokenauthority.query.progress.ReadModelProgress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds the auth-lookup model and the catalogue from the first event, with Axon's processor reset: each
 * processor's {@code @ResetHandler} starts a new model beside the live one, the replay fills it while verify
 * and list calls keep reading the old one, and when both processors have caught up the new models replace the
 * old ones at once (the auth-lookup model by one volatile write, the catalogue in one transaction).
 *
 * <p>While a replay runs, events reach only the models being rebuilt, so the write API is closed
 * ({@link #tryEnterWrite()}): a write that answered before its change reached the live model would break the
 * promise that a regenerate's old secret is refused once the call returns. Starting a replay waits for writes
 * in flight to finish.
 */
@Component
public class ReadModelReplay implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReadModelReplay.class);
    private static final List<String> PROCESSORS =
            List.of(AuthLookupProjection.PROCESSING_GROUP, CatalogueProjection.PROCESSING_GROUP);

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final AuthLookupModel authLookup;
    private final TokenCatalogue tokens;
    private final InstanceCatalogue instances;
    private final CatalogueDigest catalogueDigest;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ReadModelProgress progress;
    private final CatalogueReplayStart catalogueStart;
    private final ReentrantReadWriteLock writes = new ReentrantReadWriteLock();
    private final ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "read-model-replay");
        thread.setDaemon(true);
        return thread;
    });

    private volatile boolean running;
    private volatile ReplayStatus status = ReplayStatus.idle();
    private volatile Map<String, String> digestsBefore = Map.of();
    private ScheduledFuture<?> watch;
    private long lastLogged;

    public ReadModelReplay(EventProcessingConfiguration processing, EventStore eventStore, AuthLookupModel authLookup,
                           TokenCatalogue tokens, InstanceCatalogue instances, CatalogueDigest catalogueDigest,
                           TransactionTemplate transactions, Clock clock, ReadModelProgress progress,
                           CatalogueReplayStart catalogueStart) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.authLookup = authLookup;
        this.tokens = tokens;
        this.instances = instances;
        this.catalogueDigest = catalogueDigest;
        this.transactions = transactions;
        this.clock = clock;
        this.progress = progress;
        this.catalogueStart = catalogueStart;
    }

    /**
     * Lets a write call through, unless a replay runs; a {@code true} answer must be matched by
     * {@link #exitWrite()} when the call has answered.
     */
    public boolean tryEnterWrite() {
        writes.readLock().lock();
        if (running) {
            writes.readLock().unlock();
            return false;
        }
        return true;
    }

    public void exitWrite() {
        writes.readLock().unlock();
    }

    public boolean isRunning() {
        return running;
    }

    public ReplayStatus status() {
        return status;
    }

    /**
     * Starts a replay; {@code false} if one is running already, or if the read models are still catching up with
     * the store (after a start, say): the live models must be complete, for verify calls to keep relying on them
     * and for the before/after digests to mean something.
     */
    public synchronized boolean start() {
        if (running || !progress.authLookupReady() || !progress.allCaughtUp() || progress.othersServing()) {
            return false;
        }
        writes.writeLock().lock(); // waits for writes in flight; new ones are refused from here on
        try {
            running = true;
            digestsBefore = digests();
            long total = headPosition();
            Instant startedAt = clock.instant();
            status = new ReplayStatus("running", startedAt, null, 0L, total, 0.0, null, null);
            log.info("replay started: rebuilding {} from the first event, {} events in the store", PROCESSORS, total);
            tokens.prepareRebuild();
            instances.prepareRebuild();
            PROCESSORS.forEach(name -> processor(name).shutDown());
            catalogueStart.remember(); // the catalogue's position, final now that its processor has stopped
            for (String name : PROCESSORS) {
                StreamingEventProcessor processor = processor(name);
                processor.resetTokens();
                processor.start();
            }
            lastLogged = System.nanoTime();
            watch = monitor.scheduleWithFixedDelay(this::watch, 100, 100, TimeUnit.MILLISECONDS);
            return true;
        } catch (RuntimeException e) {
            running = false;
            throw e;
        } finally {
            writes.writeLock().unlock();
        }
    }

    private void watch() {
        try {
            ReplayStatus current = status;
            long done = PROCESSORS.stream().mapToLong(this::position).min().orElse(0);
            double seconds = Math.max(0.001, Duration.between(current.startedAt(), clock.instant()).toMillis() / 1000.0);
            double rate = done / seconds;
            long total = Math.max(current.eventsTotal(), done);
            Double left = rate > 0 ? (total - done) / rate : null;
            status = new ReplayStatus("running", current.startedAt(), null, done, total, round(rate),
                    left == null ? null : round(left), null);
            if (System.nanoTime() - lastLogged > TimeUnit.SECONDS.toNanos(2)) {
                lastLogged = System.nanoTime();
                log.info("replay: {}/{} events, {}/s, about {} s left", done, total, Math.round(rate),
                        left == null ? "?" : Math.round(left));
            }
            if (PROCESSORS.stream().allMatch(name -> finishedReplaying(name, current.eventsTotal()))) {
                finish(current.startedAt(), total);
            }
        } catch (RuntimeException e) {
            log.error("replay monitor failed; it will try again", e);
        }
    }

    private void finish(Instant startedAt, long total) {
        authLookup.completeRebuild();
        StreamingEventProcessor catalogue = processor(CatalogueProjection.PROCESSING_GROUP);
        catalogue.shutDown(); // nothing writes the catalogue while its tables are swapped
        try {
            transactions.executeWithoutResult(tx -> {
                tokens.completeRebuild();
                instances.completeRebuild();
                catalogueStart.forget();
            });
        } finally {
            catalogue.start();
        }
        // The rebuild is done when the new models are live; the digests after it are a check on top.
        Instant finishedAt = clock.instant();
        Map<String, String> after = digests();
        Map<String, ReplayStatus.DigestCheck> checks = new LinkedHashMap<>();
        after.forEach((model, digest) -> checks.put(model,
                new ReplayStatus.DigestCheck(digestsBefore.get(model), digest, digest.equals(digestsBefore.get(model)))));
        double seconds = Math.max(0.001, Duration.between(startedAt, finishedAt).toMillis() / 1000.0);
        status = new ReplayStatus("done", startedAt, finishedAt, total, total, round(total / seconds), 0.0, checks);
        running = false;
        watch.cancel(false);
        log.info("replay done: {} events in {} s; read models switched; digests {}", total, round(seconds), checks);
    }

    /**
     * Caught up, and at or past the head the store had when the replay started. Not Axon's
     * {@code isReplaying()}: a replay token only stops replaying at the first event after the reset point, which
     * never comes while the write API is closed.
     */
    private boolean finishedReplaying(String name, long headAtStart) {
        var segments = processor(name).processingStatus().values();
        return !segments.isEmpty() && segments.stream().allMatch(s -> s.isCaughtUp()
                        && s.getCurrentPosition().orElse(0) >= headAtStart)
                && (name.equals(CatalogueProjection.PROCESSING_GROUP) ? tokens.isRebuilding() : authLookup.isRebuilding());
    }

    private long position(String name) {
        return processor(name).processingStatus().values().stream()
                .map(EventTrackerStatus::getCurrentPosition)
                .mapToLong(p -> p.orElse(0))
                .min().orElse(0);
    }

    private long headPosition() {
        TrackingToken head = eventStore.createHeadToken();
        return head == null ? 0 : head.position().orElse(0);
    }

    private Map<String, String> digests() {
        Map<String, String> digests = new LinkedHashMap<>();
        digests.put(AuthLookupProjection.PROCESSING_GROUP, authLookup.live().digest());
        digests.put(CatalogueProjection.PROCESSING_GROUP, catalogueDigest.digest());
        return digests;
    }

    /** The live models' digests, for a check at any time. */
    public Map<String, String> currentDigests() {
        return digests();
    }

    private StreamingEventProcessor processor(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no streaming processor " + name));
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    @Override
    public void destroy() {
        monitor.shutdownNow();
    }
}
