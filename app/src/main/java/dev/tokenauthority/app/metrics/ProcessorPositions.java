package dev.tokenauthority.app.metrics;

import java.util.OptionalLong;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.springframework.stereotype.Component;

/** Where a processor of this node is: the lowest position over the segments it processes here. */
@Component
class ProcessorPositions {

    private final EventProcessingConfiguration processing;

    ProcessorPositions(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    /** Empty when the processor processes no segment on this node (another node of the cluster holds it). */
    OptionalLong lowestPosition(String processorName) {
        var processor = processing.eventProcessor(processorName, StreamingEventProcessor.class);
        if (processor.isEmpty()) {
            return OptionalLong.empty();
        }
        var segments = processor.get().processingStatus().values();
        if (segments.isEmpty()) {
            return OptionalLong.empty();
        }
        long lowest = Long.MAX_VALUE;
        for (var segment : segments) {
            TrackingToken token = WrappedToken.unwrapUpperBound(segment.getTrackingToken());
            lowest = Math.min(lowest, token == null ? -1 : token.position().orElse(-1));
        }
        return OptionalLong.of(lowest);
    }
}
