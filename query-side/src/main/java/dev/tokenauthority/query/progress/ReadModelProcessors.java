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

    @Autowired
    void register(EventProcessingConfigurer processing, ProcessorAdvances advances) {
        register(processing, AuthLookupProjection.PROCESSING_GROUP, AUTH_LOOKUP_BATCH, advances);
        register(processing, CatalogueProjection.PROCESSING_GROUP, STORED_MODEL_BATCH, advances);
        register(processing, AuditTrailProjection.PROCESSING_GROUP, STORED_MODEL_BATCH, advances);
    }

    private static void register(EventProcessingConfigurer processing, String name, int batchSize,
                                 ProcessorAdvances advances) {
        TrackingEventProcessorConfiguration configuration = TrackingEventProcessorConfiguration
                .forSingleThreadedProcessing()
                .andBatchSize(batchSize)
                // how often a node without the segment looks for one to claim (a dead owner's, after its claim timeout)
                .andTokenClaimInterval(1, TimeUnit.SECONDS)
                .andEventTrackerStatusChangeListener(advances);
        processing.registerTrackingEventProcessor(name, org.axonframework.config.Configuration::eventStore,
                config -> configuration);
    }
}
