package dev.tokenauthority.query.audit;

import static dev.tokenauthority.query.TestEvents.T0;
import static dev.tokenauthority.query.TestEvents.created;
import static dev.tokenauthority.query.TestEvents.regenerated;
import static dev.tokenauthority.query.TestEvents.registered;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenauthority.events.audit.AuditMetadata;
import dev.tokenauthority.query.CountingStatements;
import dev.tokenauthority.events.instance.InstanceRegistered;
import dev.tokenauthority.events.instance.InstanceRelabelled;
import dev.tokenauthority.events.token.TokenCreated;
import dev.tokenauthority.events.token.TokenRegenerated;
import dev.tokenauthority.events.token.TokenRenamed;
import dev.tokenauthority.events.token.TokenRevoked;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The audit trail's projection on a real (in-memory) H2 with the real migration, fed with events one at a time and
 * in batches as the tracking processor hands them over.
 */
class AuditTrailProjectionTests {

    /** The event store as the projection sees it: positions by event identifier, assigned in append order. */
    private final Map<String, Long> store = new HashMap<>();
    private final AtomicInteger positionLookUps = new AtomicInteger();
    private CountingStatements statements;
    private AuditTrail trail;
    private AuditTrailProjection projection;

    @BeforeEach
    void setUp() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(h2).locations("classpath:db/migration/h2").load().migrate();
        statements = new CountingStatements(h2);
        trail = new AuditTrail(new JdbcTemplate(statements), new ObjectMapper().findAndRegisterModules());
        projection = new AuditTrailProjection(trail, new EventStorePositions() {
            @Override
            public Map<String, Long> positionsOf(Collection<String> eventIdentifiers) {
                positionLookUps.incrementAndGet();
                Map<String, Long> found = new HashMap<>();
                eventIdentifiers.forEach(id -> found.put(id, store.get(id)));
                return found;
            }
        });
    }

    @Test
    void eventsAfterTheFirstTakeTheirTokensAndInstancesSubjectAlsoWithinOneBatch() {
        List<EventMessage<?>> earlier = List.of(appended(registered("i-1", "eu01", Map.of())),
                appended(created("t1", "i-1", "s1")));
        handleOneByOne(earlier);
        List<EventMessage<?>> batch = List.of(appended(regenerated("t1", "s2", 2)), appended(created("t2", "i-1", "s3")),
                appended(new TokenRenamed("t2", "renamed", "in the same batch as its creation")),
                appended(new InstanceRelabelled("i-1", Map.of("team", "ml"))), appended(new TokenRevoked("t1", T0)));
        handleInOneBatch(batch);

        List<AuditEntry> entries = everyEntry();
        assertThat(entries).extracting(AuditEntry::eventType).containsExactly("InstanceRegistered", "TokenCreated",
                "TokenRegenerated", "TokenCreated", "TokenRenamed", "InstanceRelabelled", "TokenRevoked");
        assertThat(entries).extracting(AuditEntry::position).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(entries).allSatisfy(entry -> {
            assertThat(entry.projectId()).isEqualTo("p-1");
            assertThat(entry.regionId()).isEqualTo("eu01");
            assertThat(entry.instanceId()).isEqualTo("i-1");
            assertThat(entry.actor()).isEqualTo("user:alice");
        });
        assertThat(entries).extracting(AuditEntry::tokenId)
                .containsExactly(null, "t1", "t1", "t2", "t2", null, "t1");
        assertThat(entries.get(4).changes()).containsEntry("name", "renamed");
    }

    /** The defect this batching fixed: three round trips per event let the trail fall behind under load. */
    @Test
    void aBatchCostsFourStatementsAtMostWhateverItsSize() {
        handleOneByOne(List.of(appended(registered("i-1", "eu01", Map.of()))));
        List<EventMessage<?>> tokens = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            tokens.add(appended(created("t" + i, "i-1", "s" + i)));
        }
        handleInOneBatch(tokens);
        List<EventMessage<?>> batch = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            batch.add(appended(i % 3 == 0 ? new InstanceRelabelled("i-1", Map.of("round", "" + i))
                    : regenerated("t" + (i % 200), "s" + i, 2 + i)));
        }
        positionLookUps.set(0);
        statements.reset();
        handleInOneBatch(batch);

        assertThat(positionLookUps).as("position look-ups").hasValue(1);
        assertThat(statements.prepared()).as("statements: the tokens' and the instance's subjects, the inserts")
                .isEqualTo(3);
        assertThat(everyEntry()).hasSize(801);
    }

    /** A batch redelivered after a crash before its token was stored is indexed once. */
    @Test
    void aRedeliveredBatchIsIndexedOnce() {
        List<EventMessage<?>> batch = List.of(appended(registered("i-1", "eu01", Map.of())),
                appended(created("t1", "i-1", "s1")), appended(regenerated("t1", "s2", 2)));
        handleInOneBatch(batch);
        handleInOneBatch(batch);
        handleOneByOne(batch);
        assertThat(everyEntry()).extracting(AuditEntry::position).containsExactly(1L, 2L, 3L);
    }

    /** An event that fills a gap is delivered after events with higher positions and keeps its own. */
    @Test
    void aGapFillingEventKeepsItsOwnPosition() {
        EventMessage<?> created = appended(created("t1", "i-1", "s1"));
        EventMessage<?> late = appended(new TokenRenamed("t1", "late", ""));
        EventMessage<?> regenerated = appended(regenerated("t1", "s2", 2));
        handleInOneBatch(List.of(created, regenerated));
        handleInOneBatch(List.of(late));
        assertThat(everyEntry()).extracting(AuditEntry::eventType)
                .containsExactly("TokenCreated", "TokenRenamed", "TokenRegenerated");
    }

    @Test
    void anEventOfATokenWhoseCreationIsNotIndexedIsSkippedAndTheRestOfItsBatchWritten() {
        handleInOneBatch(List.of(appended(regenerated("unknown", "s1", 2)), appended(created("t1", "i-1", "s1"))));
        assertThat(everyEntry()).extracting(AuditEntry::tokenId).containsExactly("t1");
    }

    private EventMessage<?> appended(Object event) {
        EventMessage<?> message = new GenericEventMessage<>(event, MetaData.with(AuditMetadata.ACTOR, "user:alice"));
        store.put(message.getIdentifier(), store.size() + 1L);
        return message;
    }

    private void handleOneByOne(List<EventMessage<?>> messages) {
        messages.forEach(this::handle);
    }

    /** As the tracking processor does: every event of the batch in one unit of work. */
    private void handleInOneBatch(List<EventMessage<?>> messages) {
        DefaultUnitOfWork.startAndGet(null).execute(() -> messages.forEach(this::handle));
    }

    private void handle(EventMessage<?> message) {
        Object event = message.getPayload();
        MetaData metaData = message.getMetaData();
        if (event instanceof InstanceRegistered e) {
            projection.on(e, message, T0, metaData);
        } else if (event instanceof InstanceRelabelled e) {
            projection.on(e, message, T0, metaData);
        } else if (event instanceof TokenCreated e) {
            projection.on(e, message, T0, metaData);
        } else if (event instanceof TokenRegenerated e) {
            projection.on(e, message, T0, metaData);
        } else if (event instanceof TokenRenamed e) {
            projection.on(e, message, T0, metaData);
        } else if (event instanceof TokenRevoked e) {
            projection.on(e, message, T0, metaData);
        } else {
            throw new IllegalArgumentException("not used in these tests: " + event);
        }
    }

    private List<AuditEntry> everyEntry() {
        return trail.page(new AuditQuery("p-1", null, null, null, null, null, null, null, false, null, 10_000));
    }
}
