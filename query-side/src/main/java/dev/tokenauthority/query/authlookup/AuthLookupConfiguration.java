package dev.tokenauthority.query.authlookup;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * The auth-lookup index lives in memory, so its position in the event stream must too: a position stored in
 * the database would survive a restart that the index does not, and the index would silently miss history. At a
 * start the processor begins where a sound snapshot left the model, or at the first event (ReadModelProcessors).
 * Each event is applied under the model's lock, which records the position a snapshot reflects.
 */
@Configuration(proxyBeanMethods = false)
class AuthLookupConfiguration {

    @Autowired
    void inMemoryPosition(EventProcessingConfigurer processing, AuthLookupModel model) {
        processing.registerTokenStore(AuthLookupProjection.PROCESSING_GROUP, config -> new InMemoryTokenStore());
        processing.registerHandlerInterceptor(AuthLookupProjection.PROCESSING_GROUP, config -> model.positionRecorder());
    }
}
