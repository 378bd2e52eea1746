package dev.tokenauthority.command.web;

import dev.tokenauthority.events.readmodel.FindReadModelsCaughtUp;
import java.time.Duration;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Makes a write call's response mean "done for good and already visible": after a command succeeded, waits until
 * its commit is durable ({@link WriteDurability}: an acknowledged revocation must survive a crash) and until this
 * node's read models have processed the newest event of the aggregate it changed. So when a regenerate returns,
 * the verifier already rejects the old secret, and goes on rejecting it after a crash.
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
    private final WriteDurability durability;

    ReadModelBarrier(EventPositions positions, QueryGateway queries, WriteDurability durability) {
        this.positions = positions;
        this.queries = queries;
        this.durability = durability;
    }

    void awaitReadModels(String aggregateId) {
        durability.awaitDurable();
        long position = positions.latestOf(aggregateId);
        Boolean caughtUp = queries.query(new FindReadModelsCaughtUp(position, MAX_WAIT), Boolean.class).join();
        if (!Boolean.TRUE.equals(caughtUp)) {
            // The command is recorded and will reach the read models; the caller must not be told it failed.
            log.warn("read models did not reach event {} within {}", position, MAX_WAIT);
        }
    }
}
