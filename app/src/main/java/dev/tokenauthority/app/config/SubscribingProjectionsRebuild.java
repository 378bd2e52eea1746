package dev.tokenauthority.app.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.UnknownSerializedType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * Rebuilds, from the event store, the tables that the subscribing processors keep in the transaction of their events:
 * the command side's instance directory, project policies and webhooks, and the webhooks deliveries go to. Axon has
 * no replay for a subscribing processor, so its tables are emptied and every stored event its handlers take is
 * handed to them again, oldest first.
 *
 * <p>Needed after a crash on H2 only (see {@link UncleanStopRebuild}): H2 can leave such a table without a row whose
 * event is in the file, or with one whose event is not (h2database #2080). Run 139 of the crash test met the first:
 * a registered instance was missing from {@code instance_directory}, and creating a token for it answered 404.
 *
 * <p>The events are picked by their stored type before they are read: those of the subscribing handlers are a few
 * among the tokens' millions. An upcaster that turned a stored type into one of theirs would be missed; ours
 * change revisions only.
 */
final class SubscribingProjectionsRebuild {

    /**
     * The tables each subscribing processor writes, which a rebuild empties first. A subscribing processor missing
     * here fails every start: after a crash its events would meet the rows they wrote before.
     */
    static final Map<String, String> TABLE_OF_PROCESSOR = Map.of("instance-directory", "instance_directory",
            "project-policy-directory", "project_policy", "webhook-directory", "webhook", "webhook-targets", "webhook_target");

    private static final Logger log = LoggerFactory.getLogger(SubscribingProjectionsRebuild.class);
    private static final String EVENTS = "SELECT global_index, type, aggregate_identifier, sequence_number, event_identifier,"
            + " time_stamp, payload_type, payload_revision, payload, meta_data FROM domain_event_entry"
            + " WHERE payload_type IN (%s) ORDER BY global_index";
    private static final RowMapper<DomainEventData<?>> STORED_EVENT = (row, n) -> {
        String eventId = row.getString("event_identifier");
        String aggregateId = row.getString("aggregate_identifier");
        return new GenericDomainEventEntry<>(row.getString("type"), eventId.equals(aggregateId) ? null : aggregateId,
                row.getLong("sequence_number"), eventId, row.getString("time_stamp"), row.getString("payload_type"),
                row.getString("payload_revision"), row.getBytes("payload"), row.getBytes("meta_data"));
    };

    private final JdbcTemplate jdbc;
    private final Configuration axon;
    private final List<SubscribingEventProcessor> processors;
    private final List<String> tables = new ArrayList<>();

    /**
     * Fails if a subscribing processor is not in {@link #TABLE_OF_PROCESSOR}: made at every start, so that such a
     * processor fails the first start of the service, not the first start after a crash.
     */
    SubscribingProjectionsRebuild(JdbcTemplate jdbc, Configuration axon) {
        this.jdbc = jdbc;
        this.axon = axon;
        this.processors = axon.eventProcessingConfiguration().eventProcessors().values().stream()
                .filter(SubscribingEventProcessor.class::isInstance).map(SubscribingEventProcessor.class::cast).toList();
        for (SubscribingEventProcessor processor : processors) {
            String table = TABLE_OF_PROCESSOR.get(processor.getName());
            if (table == null) {
                throw new IllegalStateException("the subscribing processor " + processor.getName()
                        + " is not in SubscribingProjectionsRebuild.TABLE_OF_PROCESSOR: its tables could not be rebuilt"
                        + " after a crash");
            }
            tables.add(table);
        }
    }

    /** Empties the tables and hands the stored events to the subscribing processors' handlers again. */
    void rebuild() {
        for (String table : tables) {
            jdbc.execute("TRUNCATE TABLE " + table);
        }
        List<EventHandlerInvoker> handlers = processors.stream().map(SubscribingEventProcessor::eventHandlerInvoker)
                .toList();
        List<DomainEventData<?>> taken = storedEventsTakenBy(handlers, axon.eventSerializer());
        EventStreamUtils.asStream(EventStreamUtils.upcastAndDeserializeDomainEvents(taken.stream(),
                axon.eventSerializer(), axon.upcasterChain())).forEach(event -> handOver(event, handlers));
        log.warn("rebuilt {} from the event store: {} events handed to the subscribing processors again", tables,
                taken.size());
    }

    /**
     * The stored events the handlers take, oldest first: the stored types first (a scan that keeps a few short
     * strings), then only the rows of the types taken. Embedded H2 builds a whole result before handing over its first
     * row, so reading every event with its payload would copy the event store to a temporary file.
     */
    private List<DomainEventData<?>> storedEventsTakenBy(List<EventHandlerInvoker> handlers, Serializer serializer) {
        // A stored type's class is known by its name alone (its revision is the upcasters' business).
        Object[] takenTypes = jdbc.queryForList("SELECT DISTINCT payload_type FROM domain_event_entry", String.class)
                .stream().filter(type -> isTaken(new SimpleSerializedType(type, null), handlers, serializer)).toArray();
        if (takenTypes.length == 0) {
            return List.of();
        }
        String placeholders = String.join(", ", Collections.nCopies(takenTypes.length, "?"));
        return jdbc.query(EVENTS.formatted(placeholders), STORED_EVENT, takenTypes);
    }

    private static boolean isTaken(SerializedType stored, List<EventHandlerInvoker> handlers, Serializer serializer) {
        Class<?> payloadType = serializer.classForType(stored);
        return payloadType != UnknownSerializedType.class
                && handlers.stream().anyMatch(handler -> handler.canHandleType(payloadType));
    }

    private static void handOver(DomainEventMessage<?> event, List<EventHandlerInvoker> handlers) {
        for (EventHandlerInvoker handler : handlers) {
            if (handler.canHandle(event, Segment.ROOT_SEGMENT)) {
                // In a unit of work, as the processor itself would call it.
                var handled = DefaultUnitOfWork.startAndGet(event).executeWithResult(() -> {
                    handler.handle(event, Segment.ROOT_SEGMENT);
                    return null;
                });
                if (handled.isExceptional()) {
                    throw new IllegalStateException("rebuilding from event " + event.getIdentifier() + " failed",
                            handled.exceptionResult());
                }
            }
        }
    }
}
