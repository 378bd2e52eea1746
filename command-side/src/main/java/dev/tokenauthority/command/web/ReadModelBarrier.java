package dev.tokenauthority.command.web;

import dev.tokenauthority.events.readmodel.FindReadModelsCaughtUp;
import java.time.Duration;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Makes a write call's response mean "done for good and already visible": after a command succeeded, waits until
 * its commit is durable ({@link WriteDurability}: an acknowledged revocation must survive a crash), until this
 * node's read models have processed the newest event of the aggregate it changed, and until every other node of
 * a cluster has too, or can no longer accept tokens ({@link OtherNodes}). So when a regenerate returns, no
 * verifier anywhere accepts the old secret, and none will after a crash.
 *
 * <p>The exact position, not the store's head: with concurrent writers, a processor may have read past our
 * event before it was committed and hold it as a gap, while already being past the head; the head would then
 * say "done" too early.
 */
@Component
class ReadModelBarrier {

    private static final Logger log = LoggerFactory.getLogger(ReadModelBarrier.class);

    private final EventPositions positions;
    private final QueryGateway queries;
    private final WriteDurability durability;
    private final OtherNodes otherNodes;
    private final Duration maxWait;

    ReadModelBarrier(EventPositions positions, QueryGateway queries, WriteDurability durability, OtherNodes otherNodes,
                     @Value("${token-authority.writes.confirm-within:10s}") Duration maxWait) {
        this.positions = positions;
        this.queries = queries;
        this.durability = durability;
        this.otherNodes = otherNodes;
        this.maxWait = maxWait;
    }

    void awaitReadModels(String aggregateId) {
        durability.awaitDurable();
        otherNodes.announceCommitted();
        long position = positions.latestOf(aggregateId);
        long started = System.nanoTime();
        Boolean caughtUp = queries.query(new FindReadModelsCaughtUp(position, maxWait), Boolean.class).join();
        if (Boolean.TRUE.equals(caughtUp)) {
            caughtUp = otherNodes.awaitApplied(position, maxWait.minusNanos(System.nanoTime() - started));
        }
        if (!Boolean.TRUE.equals(caughtUp)) {
            // Recorded, and it will reach the read models, but a 2xx would promise "in effect now" (an old secret
            // refused): a promise this node cannot keep yet.
            log.warn("read models (here or on another node) did not reach event {} within {}: answering 503", position, maxWait);
            throw new ChangeNotConfirmed(position);
        }
    }
}
