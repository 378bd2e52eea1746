package dev.tokenauthority.query.progress;

import dev.tokenauthority.events.readmodel.FindReadModelsCaughtUp;
import dev.tokenauthority.query.audit.AuditTrailProjection;
import dev.tokenauthority.query.authlookup.AuthLookupProjection;
import dev.tokenauthority.query.catalogue.CatalogueProjection;
import java.util.List;
import java.util.OptionalLong;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.queryhandling.QueryHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * How far this node's read models are: whether they have processed a given event, and whether the
 * auth-lookup model has caught up with the event store since start-up.
 */
@Component
public class ReadModelProgress {

    private static final Logger log = LoggerFactory.getLogger(ReadModelProgress.class);

    /** The read models a write call waits for, by processing group. */
    public static final List<String> READ_MODELS = List.of(AuthLookupProjection.PROCESSING_GROUP,
            CatalogueProjection.PROCESSING_GROUP, AuditTrailProjection.PROCESSING_GROUP);
    /**
     * How long a waiter pauses before looking again when no processor has moved on: the longest an event of an
     * earlier gap (which moves no position) can keep a write call waiting once it is handled.
     */
    private static final long LOOK_AGAIN_MILLIS = 1;
    /** The same for a read model processed on another node: a look at its stored position is a query. */
    private static final long LOOK_AGAIN_STORED_MILLIS = 10;

    private final EventProcessingConfiguration processing;
    private final ProcessorAdvances advances;
    private final StoredPositions stored;
    private final NodeStanding standing;
    private volatile boolean authLookupCaughtUp;

    ReadModelProgress(EventProcessingConfiguration processing, ProcessorAdvances advances, StoredPositions stored,
                      NodeStanding standing) {
        this.processing = processing;
        this.advances = advances;
        this.stored = stored;
        this.standing = standing;
    }

    @QueryHandler
    Boolean handle(FindReadModelsCaughtUp query) throws InterruptedException {
        long deadline = System.nanoTime() + query.maxWait().toNanos();
        for (String readModel : READ_MODELS) {
            while (true) {
                long seen = advances.advancesSoFar();
                if (hasProcessed(readModel, query.globalIndex())) {
                    break;
                }
                if (System.nanoTime() - deadline > 0) {
                    log.warn("read model {} ({}) did not reach event {} within {}: at {}", readModel,
                            runsHere(readModel) ? "processed here" : "processed on another node", query.globalIndex(),
                            query.maxWait(), positionOf(readModel));
                    return false;
                }
                advances.awaitAdvance(seen, runsHere(readModel) ? LOOK_AGAIN_MILLIS : LOOK_AGAIN_STORED_MILLIS);
            }
        }
        return true;
    }

    /**
     * Whether the auth-lookup model has reached the head of the event store at least once since start-up.
     * Before that, an unknown secret may just be one the replay has not reached yet.
     */
    public boolean authLookupReady() {
        if (!authLookupCaughtUp) {
            var status = processor(AuthLookupProjection.PROCESSING_GROUP).processingStatus().values();
            authLookupCaughtUp = !status.isEmpty() && status.stream().allMatch(EventTrackerStatus::isCaughtUp);
        }
        return authLookupCaughtUp;
    }

    /**
     * Whether this node may answer "valid" to a token: its auth lookup has caught up since start-up, and, in a
     * cluster, its standing allows it ({@link NodeStanding}).
     */
    public boolean acceptsTokens() {
        return authLookupReady() && standing.acceptsTokens();
    }

    /** Whether other nodes of a cluster serve now ({@link NodeStanding#othersServing}). */
    public boolean othersServing() {
        return standing.othersServing();
    }

    /** Where this node's auth lookup is: one token per segment it processes. */
    public List<TrackingToken> authLookupPosition() {
        return processor(AuthLookupProjection.PROCESSING_GROUP).processingStatus().values().stream()
                .map(EventTrackerStatus::getTrackingToken).toList();
    }

    /** Whether every read model is caught up with the event store right now. */
    public boolean allCaughtUp() {
        return READ_MODELS.stream().map(name -> processor(name).processingStatus().values())
                .allMatch(status -> !status.isEmpty() && status.stream().allMatch(EventTrackerStatus::isCaughtUp));
    }

    /**
     * By this node's own processor if it processes the model here, else by what the processor has stored: in a
     * cluster, the catalogue and the audit trail are processed by whichever node holds their segment.
     */
    private boolean hasProcessed(String readModel, long globalIndex) {
        var status = processor(readModel).processingStatus().values();
        if (!status.isEmpty()) {
            return status.stream().allMatch(segment -> covers(segment.getTrackingToken(), globalIndex));
        }
        List<TrackingToken> tokens = stored.storedTokens(readModel);
        return !tokens.isEmpty() && tokens.stream().allMatch(token -> covers(token, globalIndex));
    }

    /** The tracking tokens of {@code readModel}, this node's or as stored: for an operator reading the log. */
    private List<TrackingToken> positionOf(String readModel) {
        var status = processor(readModel).processingStatus().values();
        return status.isEmpty() ? stored.storedTokens(readModel)
                : status.stream().map(EventTrackerStatus::getTrackingToken).toList();
    }

    private boolean runsHere(String readModel) {
        return !processor(readModel).processingStatus().isEmpty();
    }

    /**
     * Whether a processor at {@code token} has handled the event at {@code globalIndex}, which is known to be
     * committed. Not {@link TrackingToken#covers}: that also demands every gap below the index be filled, and a
     * rolled-back insert leaves a gap that stays open until gap clean-up, long after our event was handled.
     */
    public static boolean covers(TrackingToken token, long globalIndex) {
        TrackingToken current = WrappedToken.unwrapUpperBound(token);
        if (current instanceof GapAwareTrackingToken gapAware) {
            return gapAware.getIndex() >= globalIndex && !gapAware.getGaps().contains(globalIndex);
        }
        return current != null && current.position().orElse(-1) >= globalIndex;
    }

    /** The lowest position over the segments of {@code readModel} this node processes; empty if it processes none. */
    public OptionalLong lowestPosition(String readModel) {
        return processor(readModel).processingStatus().values().stream()
                .mapToLong(segment -> {
                    TrackingToken token = WrappedToken.unwrapUpperBound(segment.getTrackingToken());
                    return token == null ? -1 : token.position().orElse(-1);
                })
                .min();
    }

    private StreamingEventProcessor processor(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no streaming processor " + name));
    }
}
