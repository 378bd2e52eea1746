package dev.tokenauthority.command.web;

import dev.tokenauthority.events.readmodel.FindReadModelsCaughtUp;
import java.time.Duration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Makes a write call's response mean "already visible": after a command succeeded, waits until this node's
 * read models have processed everything up to the head of the event store, which includes the command's
 * events. So when a regenerate returns, the verifier already rejects the old secret.
 */
@Component
class ReadModelBarrier {

    private static final Logger log = LoggerFactory.getLogger(ReadModelBarrier.class);
    private static final Duration MAX_WAIT = Duration.ofSeconds(10);

    private final EventStore eventStore;
    private final QueryGateway queries;

    ReadModelBarrier(EventStore eventStore, QueryGateway queries) {
        this.eventStore = eventStore;
        this.queries = queries;
    }

    void awaitReadModels() {
        TrackingToken head = eventStore.createHeadToken();
        long headIndex = head == null ? -1 : head.position().orElse(-1);
        Boolean caughtUp = queries.query(new FindReadModelsCaughtUp(headIndex, MAX_WAIT), Boolean.class).join();
        if (!Boolean.TRUE.equals(caughtUp)) {
            // The command is recorded and will reach the read models; the caller must not be told it failed.
            log.warn("read models did not reach event {} within {}", headIndex, MAX_WAIT);
        }
    }
}
