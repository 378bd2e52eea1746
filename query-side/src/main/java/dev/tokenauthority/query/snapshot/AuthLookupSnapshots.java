package dev.tokenauthority.query.snapshot;

import dev.tokenauthority.query.authlookup.AuthLookupModel;
import dev.tokenauthority.query.authlookup.AuthLookupSnapshot;
import dev.tokenauthority.query.authlookup.AuthLookupSnapshot.Contents;
import dev.tokenauthority.query.authlookup.AuthLookupSnapshot.InvalidSnapshot;
import dev.tokenauthority.query.authlookup.AuthLookupSnapshot.Witness;
import dev.tokenauthority.query.authlookup.SnapshotKey;
import dev.tokenauthority.query.progress.AuthLookupStart;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes snapshots of the auth lookup ({@link #write}) and starts the model from the latest one
 * ({@link #startPosition}). A snapshot is used only when it is whole, signed under this node's key and of this
 * event store; anything else is ignored with a log line, and the model is replayed from the first event, as it
 * would be without one. Either way the processor then follows the store from where the model stands, and the node
 * accepts tokens only once it has caught up with the store's head (ReadModelProgress): a secret regenerated or a
 * token revoked after the snapshot was written is refused from the first answer on.
 */
public class AuthLookupSnapshots implements AuthLookupStart {

    private static final Logger log = LoggerFactory.getLogger(AuthLookupSnapshots.class);

    private final AuthLookupModel model;
    private final SnapshotStore store;
    private final SnapshotKey key;
    private final EventStore eventStore;
    private final Path workDirectory;
    private final Clock clock;
    private volatile TrackingToken lastWritten;
    private volatile Instant lastWrittenAt;
    private volatile GapAwareTrackingToken startedFrom;
    private volatile CompletableFuture<Optional<Result>> preloaded; // set by preload()
    private boolean startAsked;

    public AuthLookupSnapshots(AuthLookupModel model, SnapshotStore store, SnapshotKey key, EventStore eventStore,
                               Path workDirectory, Clock clock) {
        this.model = model;
        this.store = store;
        this.key = key;
        this.eventStore = eventStore;
        this.workDirectory = workDirectory;
        this.clock = clock;
    }

    /**
     * Starts reading and checking the latest snapshot on a thread of its own, so that it overlaps the rest of the
     * start (the processor that needs it starts last): with a million tokens that is about 1.8 s of a core here.
     */
    public void preload() {
        CompletableFuture<Optional<Result>> read = new CompletableFuture<>();
        preloaded = read;
        Thread reader = new Thread(() -> read.complete(readSnapshot()), "auth-lookup-snapshot-load");
        reader.setDaemon(true);
        reader.start();
    }

    private Optional<Result> readSnapshot() {
        long started = System.nanoTime();
        try {
            return store.read(in -> {
                try {
                    return new Result(AuthLookupSnapshot.read(in, key), null, (System.nanoTime() - started) / 1_000_000);
                } catch (InvalidSnapshot e) {
                    return new Result(null, e.getMessage(), 0);
                }
            });
        } catch (IOException | RuntimeException e) {
            return Optional.of(new Result(null, "cannot be read: " + e, 0));
        }
    }

    @Override
    public TrackingToken startPosition(StreamableMessageSource<TrackedEventMessage<?>> events) {
        if (startAsked) {
            // The processor's position lives in memory for the life of the process, so Axon asks once: a second
            // answer would put the model back to the snapshot under a processor that is past it.
            throw new IllegalStateException("the auth lookup's start position is asked for once per process");
        }
        startAsked = true;
        CompletableFuture<Optional<Result>> read = preloaded;
        Optional<Result> found = read != null ? read.join() : readSnapshot();
        if (found.isEmpty()) {
            log.info("auth lookup: no snapshot in {}; replaying the event store from the first event", store.describe());
            return null;
        }
        String problem = found.get().problem();
        Contents contents = found.get().contents();
        if (problem == null) {
            problem = belongsHere(contents, events);
        }
        if (problem != null) {
            log.warn("auth lookup: snapshot in {} ignored ({}); replaying the event store from the first event",
                    store.describe(), problem);
            return null;
        }
        model.takeOver(contents.state(), contents.position());
        startedFrom = contents.position();
        lastWritten = contents.position();
        lastWrittenAt = contents.writtenAt();
        log.info("auth lookup: started from the snapshot of {} at event {} ({} tokens, {} instances, {} service accounts,"
                        + " read and checked in {} ms); following the event store from there", contents.writtenAt(),
                contents.position().getIndex(), contents.state().tokens().size(), contents.state().instances().size(),
                contents.state().serviceAccounts().size(), found.get().millis());
        return contents.position();
    }

    /** Why the snapshot is not of this store, or {@code null} if it is. */
    private static String belongsHere(Contents contents, StreamableMessageSource<TrackedEventMessage<?>> events) {
        TrackingToken head = events.createHeadToken();
        long headIndex = head == null ? -1 : head.position().orElse(-1);
        if (headIndex < contents.position().getIndex()) {
            return "it reflects events up to " + contents.position().getIndex() + ", the store ends at " + headIndex;
        }
        Witness witness = contents.witness();
        Optional<String> there = EventWitness.identifierAt(events, witness.globalIndex());
        if (!there.equals(Optional.of(witness.eventIdentifier()))) {
            return "it is of another event store: event " + witness.globalIndex() + " here is "
                    + there.orElse("missing") + ", the snapshot's is " + witness.eventIdentifier();
        }
        return null;
    }

    /**
     * Writes a snapshot of the model as it is now, unless it has not moved since the last one. The model's
     * processor waits while the state is written out (about 0.6 s per million tokens here, to a local file); verify
     * calls do not. Returns whether one was written.
     */
    public synchronized boolean write() throws IOException {
        if (!(model.position() instanceof GapAwareTrackingToken before) || before.equals(lastWritten)) {
            return false;
        }
        // One event the snapshot reflects, looked up before the model is held: by it a start recognises this store.
        Optional<String> witnessId = EventWitness.identifierAt(eventStore, before.getIndex());
        if (witnessId.isEmpty()) {
            log.warn("auth lookup: no snapshot written: event {} could not be read back from the store", before.getIndex());
            return false;
        }
        Witness witness = new Witness(before.getIndex(), witnessId.get());
        Files.createDirectories(workDirectory);
        Path file = Files.createTempFile(workDirectory, "auth-lookup-", ".snapshot.tmp");
        try {
            long started = System.nanoTime();
            Instant at = clock.instant();
            Contents written = model.whileNoEventIsApplied((state, position) -> {
                Contents contents = new Contents(state, (GapAwareTrackingToken) position, witness, at);
                try (OutputStream out = Files.newOutputStream(file)) {
                    AuthLookupSnapshot.write(out, contents, key);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return contents;
            });
            long heldMillis = (System.nanoTime() - started) / 1_000_000;
            long kib = Files.size(file) / 1024;
            store.publish(file);
            lastWritten = written.position();
            lastWrittenAt = at;
            log.info("auth lookup: snapshot at event {} ({} tokens, {} KiB) written to {}; model held {} ms, {} ms in all",
                    written.position().getIndex(), written.state().tokens().size(), kib,
                    store.describe(), heldMillis, (System.nanoTime() - started) / 1_000_000);
            return true;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The position of the snapshot this process started from; {@code null} after a start from the first event. */
    public GapAwareTrackingToken startedFrom() {
        return startedFrom;
    }

    /** When the snapshot this node last wrote or started from was written; {@code null} if none. */
    public Instant lastWrittenAt() {
        return lastWrittenAt;
    }

    private record Result(Contents contents, String problem, long millis) {
    }
}
