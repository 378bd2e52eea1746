package dev.tokenauthority.edge.verify;

import dev.tokenauthority.query.progress.ReadModelProgress;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The readiness probe's part ({@code /actuator/health/readiness}): ready when this node's auth lookup has caught up
 * with the event store since its start (from a snapshot or from the first event) and, in a cluster, the node is
 * serving, not joining or fenced. A load balancer that follows the probe sends no request to a node that would
 * refuse every token, nor to one that must first show the store it is caught up ({@link TokenAcceptance}: slower).
 */
@Component("authLookup")
class ReadinessHealth implements HealthIndicator {

    private final ReadModelProgress progress;

    ReadinessHealth(ReadModelProgress progress) {
        this.progress = progress;
    }

    @Override
    public Health health() {
        if (progress.acceptsTokens()) {
            return Health.up().build();
        }
        return Health.outOfService()
                .withDetail("reason", progress.authLookupReady()
                        ? "this node is not serving in its cluster (joining, or fenced until caught up)"
                        : "the auth lookup is catching up with the event store")
                .build();
    }
}
