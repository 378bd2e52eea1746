package dev.tokenauthority.app.config;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;

/**
 * Axon's JDBC event storage, but a tracked event's timestamp is read once from its row, as an {@link Instant}.
 * Axon's entry keeps the column's text and parses it with {@link java.time.format.DateTimeFormatter} on every
 * {@code getTimestamp()}, twice per event and processor: in a replay, a fifth of the auth lookup's CPU went to
 * timestamps that no projection of ours even looks at (async-profiler).
 *
 * <p>{@link #getTrackedEventData} is Axon 4.13's, with that one change; the gap settings it needs are set here
 * explicitly because Axon keeps them private.
 *
 * <p>Gap settings: Axon stops waiting for a missing position once it is older than the gap timeout (60 s by
 * default) or further than the largest gap offset (10,000 events by default) behind the newest, and an event that
 * commits after that is skipped for ever (AxonFramework #4829). Here neither limit is ever what ends a wait:
 * {@code EventStoreGapCloser} fills every position still missing after a few seconds (or waits for the append
 * that holds it), so gaps end long before 24 days (the timeout, {@code Integer.MAX_VALUE} ms) or 1,000,000 events
 * (the offset, which also bounds how many gaps one jump of the sequence can add to a token).
 */
final class TimestampOnceEventStorageEngine extends JdbcEventStorageEngine {

    static final int MAX_GAP_OFFSET = 1_000_000;
    private static final long LOWEST_GLOBAL_SEQUENCE = 1;
    private static final int GAP_TIMEOUT_MS = Integer.MAX_VALUE;

    TimestampOnceEventStorageEngine(Builder builder) {
        super(builder.maxGapOffset(MAX_GAP_OFFSET).lowestGlobalSequence(LOWEST_GLOBAL_SEQUENCE)
                .gapTimeout(GAP_TIMEOUT_MS));
    }

    @Override
    protected TrackedEventData<?> getTrackedEventData(ResultSet resultSet, GapAwareTrackingToken previousToken)
            throws SQLException {
        EventSchema schema = schema();
        long globalSequence = resultSet.getLong(schema.globalIndexColumn());
        String aggregateIdentifier = resultSet.getString(schema.aggregateIdentifierColumn());
        String eventIdentifier = resultSet.getString(schema.eventIdentifierColumn());
        String timestampText = readTimeStamp(resultSet, schema.timestampColumn()).toString();
        Instant timestamp = UtcTimestamps.parseOrNull(timestampText);
        if (timestamp == null) {
            timestamp = DateTimeUtils.parseInstant(timestampText);
        }
        GenericDomainEventEntry<?> domainEvent = new ParsedTimestampEntry<>(
                resultSet.getString(schema.typeColumn()),
                eventIdentifier.equals(aggregateIdentifier) ? null : aggregateIdentifier,
                resultSet.getLong(schema.sequenceNumberColumn()),
                eventIdentifier,
                timestampText,
                timestamp,
                resultSet.getString(schema.payloadTypeColumn()),
                resultSet.getString(schema.payloadRevisionColumn()),
                readPayload(resultSet, schema.payloadColumn()),
                readPayload(resultSet, schema.metaDataColumn()));

        boolean allowGaps = timestamp.isAfter(GenericEventMessage.clock.instant().minusMillis(GAP_TIMEOUT_MS));
        GapAwareTrackingToken token;
        if (previousToken == null) {
            token = GapAwareTrackingToken.newInstance(globalSequence, allowGaps
                    ? LongStream.range(Math.min(LOWEST_GLOBAL_SEQUENCE, globalSequence), globalSequence)
                            .boxed().collect(Collectors.toCollection(TreeSet::new))
                    : Collections.emptySortedSet());
        } else {
            token = previousToken.advanceTo(globalSequence, allowGaps ? MAX_GAP_OFFSET : 0);
        }
        return new TrackedDomainEventData<>(token, domainEvent);
    }

    /** An entry whose timestamp was parsed when it was read. */
    private static final class ParsedTimestampEntry<T> extends GenericDomainEventEntry<T> {

        private final Instant timestamp;

        ParsedTimestampEntry(String type, String aggregateIdentifier, long sequenceNumber, String eventIdentifier,
                             String timestampText, Instant timestamp, String payloadType, String payloadRevision,
                             T payload, T metaData) {
            super(type, aggregateIdentifier, sequenceNumber, eventIdentifier, timestampText, payloadType,
                    payloadRevision, payload, metaData);
            this.timestamp = timestamp;
        }

        @Override
        public Instant getTimestamp() {
            return timestamp;
        }
    }
}
