package dev.tokenauthority.query.webhook;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * The delivery processor: one thread, from the head of the store on its first start (no old warning is sent to a
 * webhook that did not exist then), never part of a read-model replay.
 */
@Configuration(proxyBeanMethods = false)
class WebhookProcessors {

    @Autowired
    void register(EventProcessingConfigurer processing) {
        processing.registerTrackingEventProcessor(WebhookDeliveries.PROCESSING_GROUP,
                org.axonframework.config.Configuration::eventStore,
                config -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andInitialTrackingToken(StreamableMessageSource::createHeadToken));
    }
}
