package dev.tokenauthority.query.progress;

import dev.tokenauthority.query.audit.AuditTrailProjection;
import dev.tokenauthority.query.authlookup.AuthLookupProjection;
import dev.tokenauthority.query.catalogue.CatalogueProjection;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * The read models' event processors: Axon tracking processors on the event store, one thread each, registered
 * here rather than from properties so that each one tells {@link ProcessorAdvances} when it has moved on.
 *
 * <p>Batches of up to 1000 events (500 for the auth lookup, whose batch is one lock hold): one transaction and
 * one token update each while catching up or replaying; live, a batch holds whatever has arrived, so no event
 * waits for a batch to fill.
 */
@Configuration(proxyBeanMethods = false)
class ReadModelProcessors {

    static final int AUTH_LOOKUP_BATCH = 500;
    static final int STORED_MODEL_BATCH = 1000;
    static final long AUTH_LOOKUP_EVENT_WAIT_MILLIS = 100;

    @Autowired
    void register(EventProcessingConfigurer processing, ProcessorAdvances advances, AuthLookupStart authLookupStart) {
        register(processing, AuthLookupProjection.PROCESSING_GROUP, configuration(AUTH_LOOKUP_BATCH, advances)
                .andInitialTrackingToken(authLookupStart::startPosition)
                // A processor counts as caught up only once a wait for new events has come back empty; Axon's wait
                // of a second kept a node that started from an up-to-date snapshot refusing tokens for that second.
                .andEventAvailabilityTimeout(AUTH_LOOKUP_EVENT_WAIT_MILLIS, TimeUnit.MILLISECONDS));
        register(processing, CatalogueProjection.PROCESSING_GROUP, configuration(STORED_MODEL_BATCH, advances));
        register(processing, AuditTrailProjection.PROCESSING_GROUP, configuration(STORED_MODEL_BATCH, advances));
    }

    private static TrackingEventProcessorConfiguration configuration(int batchSize, ProcessorAdvances advances) {
        return TrackingEventProcessorConfiguration
                .forSingleThreadedProcessing()
                .andBatchSize(batchSize)
                // how often a node without the segment looks for one to claim (a dead owner's, after its claim timeout)
                .andTokenClaimInterval(1, TimeUnit.SECONDS)
                .andEventTrackerStatusChangeListener(advances);
    }

    private static void register(EventProcessingConfigurer processing, String name,
                                 TrackingEventProcessorConfiguration configuration) {
        processing.registerTrackingEventProcessor(name, org.axonframework.config.Configuration::eventStore,
                config -> configuration);
    }
}
