package dev.tokenauthority.app.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tokenauthority.events.upcasting.TokenCreatedUpcaster;
import java.time.Instant;
import javax.sql.DataSource;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.queryhandling.LoggingQueryInvocationErrorHandler;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryBusSpanFactory;
import org.axonframework.queryhandling.QueryInvocationErrorHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Axon wiring that the defaults get wrong for us.
 *
 * <p>Serialization: Jackson for everything (Axon would silently fall back to XStream), with a mapper of its
 * own rather than Spring's: the web mapper rejects unknown fields, which is right for request bodies and wrong
 * for stored events, which an older build must still read after a newer one added a field. Instants are ISO
 * strings, decided once, as the stored form of every event, and read back without the general date parser
 * ({@link StoredInstantDeserializer}).
 *
 * <p>Event storage: the JDBC engine on the schema Flyway creates, fetching larger batches than the default 100
 * so that a replay is not bound by round trips, reading gaps with an index-friendly query
 * ({@link IndexedGapRead}) and each event's timestamp once ({@link TimestampOnceEventStorageEngine}).
 */
@Configuration(proxyBeanMethods = false)
public class AxonConfiguration {

    /** How long the event store's producer waits before asking the store again after finding nothing new. */
    static final long PRODUCER_FETCH_DELAY_MS = 50;

    static final int EVENT_FETCH_BATCH = 1000;

    static ObjectMapper eventMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(new SimpleModule("stored-instants").addDeserializer(Instant.class, new StoredInstantDeserializer()))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /** One of Axon's three serializers (general, events, messages): the same Jackson form for all. */
    static Serializer jacksonSerializer() {
        return new ClassCachingJacksonSerializer(JacksonSerializer.builder().objectMapper(eventMapper()));
    }

    /** Every upcaster of the published language; Axon puts the beans of this type in its upcaster chain. */
    /** Axon's gateway, with commands that lost a race with another node's change sent again ({@link ConcurrentChangeRetry}). */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus, ConcurrentChangeRetry retry) {
        return DefaultCommandGateway.builder().commandBus(commandBus).retryScheduler(retry).build();
    }

    @Bean(destroyMethod = "shutdown")
    ConcurrentChangeRetry concurrentChangeRetry() {
        return new ConcurrentChangeRetry();
    }

    @Bean
    TokenCreatedUpcaster tokenCreatedUpcaster() {
        return new TokenCreatedUpcaster();
    }

    @Bean
    @Primary
    Serializer serializer() {
        return jacksonSerializer();
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer() {
        return jacksonSerializer();
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer() {
        return jacksonSerializer();
    }

    /** Axon's JDBC defaults are its JPA entity names; ours are the snake_case tables Flyway creates. */
    static EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .eventIdentifierColumn("event_identifier")
                .metaDataColumn("meta_data")
                .payloadColumn("payload")
                .payloadRevisionColumn("payload_revision")
                .payloadTypeColumn("payload_type")
                .timestampColumn("time_stamp")
                .build();
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }

    /**
     * Axon's connections straight from Spring's transaction, without Axon's unit-of-work wrapper around them.
     * Every unit of work here runs in a Spring transaction, which already hands the same connection to
     * everything in it, and the wrapper closes that connection a second time in its clean-up, after Spring has
     * returned it to the pool: HikariCP then clears the statement list of whichever thread holds the pooled
     * connection by then, and that thread fails ({@code ArrayIndexOutOfBoundsException} in {@code FastList}),
     * once in some ten thousand token creations under load.
     */
    @Bean
    ConnectionProvider connectionProvider(DataSource dataSource) {
        return new SpringDataSourceConnectionProvider(dataSource);
    }

    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new UniqueViolationResolver();
    }

    @Bean
    EventStorageEngine eventStorageEngine(Serializer serializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          org.axonframework.config.Configuration configuration,
                                          ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager) {
        return new TimestampOnceEventStorageEngine(JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(eventSchema())
                .readEventDataWithGaps(new IndexedGapRead())
                .batchSize(EVENT_FETCH_BATCH));
    }

    /**
     * Axon's query bus, as its auto-configuration builds it, but without a transaction around each query. Our
     * query handlers read the catalogue through JdbcTemplate, or memory; and the write calls' barrier query waits
     * up to seconds for the read models. In a transaction, each such wait held a pooled connection: 16 concurrent
     * writes on PostgreSQL took all ten, the event processors could not get one to apply the very events the
     * waits were for, and every write timed out.
     */
    @Bean
    @Qualifier("localSegment")
    SimpleQueryBus queryBus(org.axonframework.config.Configuration configuration) {
        return SimpleQueryBus.builder()
                .messageMonitor(configuration.messageMonitor(QueryBus.class, "queryBus"))
                .transactionManager(NoTransactionManager.instance())
                .errorHandler(configuration.getComponent(QueryInvocationErrorHandler.class,
                        () -> LoggingQueryInvocationErrorHandler.builder().build()))
                .queryUpdateEmitter(configuration.getComponent(QueryUpdateEmitter.class))
                .spanFactory(configuration.getComponent(QueryBusSpanFactory.class))
                .build();
    }

    /**
     * Axon's embedded event store, as its auto-configuration builds it, but for the producer's idle wait. The
     * producer feeds every processor that has caught up; after a reset, the replaying processors wait on it,
     * and its default wait of a second between fetches that find nothing stalled a 300,000-event replay for
     * 18 of its 40 seconds (JFR). A local commit wakes it at once anyway; the wait only bounds how late it
     * sees events that another process appended, unless that process tells this one (app.cluster, through
     * {@link WakeableEventStore}).
     */
    @Qualifier("eventStore")
    @Bean(name = "eventBus")
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration,
                                  @Value("${token-authority.cluster.wake-event-store:true}") boolean wakeable) {
        EmbeddedEventStore.Builder builder = EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .fetchDelay(PRODUCER_FETCH_DELAY_MS);
        return wakeable ? new WakeableEventStore(builder) : builder.build();
    }
}
