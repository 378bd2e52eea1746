package dev.tokenauthority.command.web;

import dev.tokenauthority.events.readmodel.FindReadModelsCaughtUp;
import java.time.Duration;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Makes a write call's response mean "already visible": after a command succeeded, waits until this node's
 * read models have processed the newest event of the aggregate it changed. So when a regenerate returns, the
 * verifier already rejects the old secret.
 *
 * <p>The exact position, not the store's head: with concurrent writers, a processor may have read past our
 * event before it was committed and hold it as a gap, while already being past the head; the head would then
 * say "done" too early.
 */
@Component
class ReadModelBarrier {

    private static final Logger log = LoggerFactory.getLogger(ReadModelBarrier.class);
    private static final Duration MAX_WAIT = Duration.ofSeconds(10);

    private final EventPositions positions;
    private final QueryGateway queries;

    ReadModelBarrier(EventPositions positions, QueryGateway queries) {
        this.positions = positions;
        this.queries = queries;
    }

    void awaitReadModels(String aggregateId) {
        long position = positions.latestOf(aggregateId);
        Boolean caughtUp = queries.query(new FindReadModelsCaughtUp(position, MAX_WAIT), Boolean.class).join();
        if (!Boolean.TRUE.equals(caughtUp)) {
            // The command is recorded and will reach the read models; the caller must not be told it failed.
            log.warn("read models did not reach event {} within {}", position, MAX_WAIT);
        }
    }
}
