package dev.tokenauthority.query.webhook;

import dev.tokenauthority.events.token.TokenCreated;
import dev.tokenauthority.events.token.TokenRenamed;
import java.util.Map;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

/**
 * What a webhook message says about a token (project, region, scope, current name), read from the token's own
 * events: the delivery processor must not depend on how far another processor's read model has got.
 */
record TokenFacts(String tokenId, String projectId, String regionId, String instanceId, Map<String, String> selector,
                  String name) {

    /** The token's facts, or {@code null} if the store has no such token. */
    static TokenFacts read(EventStorageEngine events, String tokenId) {
        TokenFacts facts = null;
        DomainEventStream stream = events.readEvents(tokenId);
        while (stream.hasNext()) {
            Object payload = stream.next().getPayload();
            if (payload instanceof TokenCreated created) {
                facts = new TokenFacts(tokenId, created.projectId(), created.regionId(), created.instanceId(),
                        created.selector(), created.name());
            } else if (payload instanceof TokenRenamed renamed && facts != null) {
                facts = new TokenFacts(tokenId, facts.projectId(), facts.regionId(), facts.instanceId(), facts.selector(),
                        renamed.name());
            }
        }
        return facts;
    }
}
