package dev.tokenauthority.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NodeLeaseTests {

    private final NodeLease lease = new NodeLease(Duration.ofSeconds(1), new ClusterView(), "self");

    @Test
    void aJoiningNodeAcceptsNoToken() {
        lease.renewed(System.nanoTime());

        assertThat(lease.acceptsTokens()).isFalse();
    }

    @Test
    void aServingNodeWithAFreshHeartbeatAcceptsTokens() {
        lease.serve();
        lease.renewed(System.nanoTime());

        assertThat(lease.acceptsTokens()).isTrue();
    }

    @Test
    void aServingNodeStopsOnceItsLastHeartbeatIsOlderThanTheLease() {
        lease.serve();
        lease.renewed(System.nanoTime() - Duration.ofMillis(950).toNanos()); // past 9/10 of the lease

        assertThat(lease.acceptsTokens()).isFalse();
    }

    @Test
    void aStoppedNodeAcceptsNothingWhateverItsLease() {
        lease.serve();
        lease.renewed(System.nanoTime());
        lease.stop();

        assertThat(lease.acceptsTokens()).isFalse();
    }
}
