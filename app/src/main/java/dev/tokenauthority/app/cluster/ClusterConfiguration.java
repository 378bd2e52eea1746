package dev.tokenauthority.app.cluster;

import dev.tokenauthority.app.config.WakeableEventStore;
import dev.tokenauthority.command.web.OtherNodes;
import dev.tokenauthority.query.progress.ProcessorAdvances;
import dev.tokenauthority.query.progress.ReadModelProgress;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Supplier;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A node on PostgreSQL is a node of a cluster, of one or of many: every node that shares the store takes part
 * (lease, position, the write barrier), so one node and several run the same code. Timing
 * ({@code token-authority.cluster.*}): a heartbeat every {@code heartbeat} (200 ms) renews a lease of
 * {@code lease} (2 s); a write call fences a node that has not applied its event after {@code fence-after} (1 s).
 * So a node cut off from the database refuses tokens within 2 s, and a write call answers within about 3.2 s
 * however a node fails (fence-after, then the rest of the lease, then the next read of the rows). A node that is not
 * serving by its lease but still reaches the database answers tokens through its read index ({@link StoreReadIndex}):
 * a verification waits up to {@code read-index-wait} (2 s; 0: refuse at once) for proof from the store that the node
 * holds every committed event (a head not reached within the lease is given up). The lease is not
 * shorter because a node on a host loaded far beyond its cores is not scheduled in time to renew it: with 1 s, a
 * node under 64 concurrent regenerations on 2 cores (load average 23) saw renewals finish up to 1.4 s after they
 * were due, and refused tokens meanwhile (the battery's concurrency test).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.startsWith('jdbc:postgresql:')")
class ClusterConfiguration {

    @Bean
    NodeIdentity nodeIdentity(@Value("${token-authority.node.role:full}") String role,
                              @Value("${server.address:127.0.0.1}") String host, @Value("${server.port:8080}") String port) {
        return NodeIdentity.startingNow(NodeRole.of(role), host + ":" + port);
    }

    @Bean
    ClusterView clusterView() {
        return new ClusterView();
    }

    @Bean
    NodeLease nodeStanding(@Value("${token-authority.cluster.lease:2s}") Duration lease, ClusterView view,
                           NodeIdentity self) {
        return new NodeLease(lease, view, self.id());
    }

    @Bean
    AppliedPositionPublisher appliedPositionPublisher(JdbcTemplate jdbc, NodeIdentity self, ReadModelProgress progress,
                                                      ProcessorAdvances advances) {
        return new AppliedPositionPublisher(jdbc, self, progress, advances);
    }

    @Bean
    OtherNodes otherNodes(JdbcTemplate jdbc, NodeIdentity self, ClusterView view, AppliedPositionPublisher publisher,
                          @Value("${token-authority.cluster.fence-after:1s}") Duration fenceAfter) {
        return new EveryNodeBarrier(jdbc, self, view, publisher, fenceAfter);
    }

    @Bean
    StoreReadIndex readIndex(DataSourceProperties database, ReadModelProgress progress, ProcessorAdvances advances,
                             EmbeddedEventStore eventStore, MeterRegistry meters, Clock clock,
                             @Value("${token-authority.cluster.lease:2s}") Duration lease,
                             @Value("${token-authority.cluster.read-index-wait:2s}") Duration wait) {
        return new StoreReadIndex(new CommittedHeadProbe(
                ownConnection(database, lease, "token-authority cluster read index"), progress, advances,
                eventStore instanceof WakeableEventStore wakeable ? wakeable : null), wait, lease, meters, clock);
    }

    @Bean
    ClusterLink clusterLink(DataSourceProperties database, NodeIdentity self, NodeLease lease, ClusterView view,
                            ReadModelProgress progress, ProcessorAdvances advances, EmbeddedEventStore eventStore,
                            @Value("${token-authority.cluster.lease:2s}") Duration leaseDuration,
                            @Value("${token-authority.cluster.heartbeat:200ms}") Duration heartbeat) {
        if (heartbeat.multipliedBy(3).compareTo(leaseDuration) > 0) {
            throw new IllegalArgumentException("token-authority.cluster.heartbeat must be at most a third of the lease");
        }
        return new ClusterLink(ownConnection(database, leaseDuration, "token-authority cluster link"), self,
                leaseDuration, heartbeat, lease, view, progress, advances,
                eventStore instanceof WakeableEventStore wakeable ? wakeable : null);
    }

    @EventListener(ApplicationReadyEvent.class)
    void join(ApplicationReadyEvent ready) {
        ready.getApplicationContext().getBean(AppliedPositionPublisher.class).start();
        ready.getApplicationContext().getBean(StoreReadIndex.class).start();
        ready.getApplicationContext().getBean(ClusterLink.class).start();
    }

    /** Before the web server's graceful stop: no token accepted, no write call waiting for this node. */
    @EventListener(ContextClosedEvent.class)
    void leave(ContextClosedEvent closed) {
        closed.getApplicationContext().getBean(StoreReadIndex.class).stop();
        closed.getApplicationContext().getBean(ClusterLink.class).stop();
        closed.getApplicationContext().getBean(AppliedPositionPublisher.class).stop();
    }

    /**
     * A connection outside the pool, for the link and for the read index: each is held for as long as the node runs
     * and must not queue behind the write calls for a pooled one (under battery test 2, 20 concurrent writes per
     * node on a pool of 10), and it must fail fast when the database goes (a read that hangs would keep the node
     * serving on a dead lease: the lease stops it anyway).
     */
    private static Supplier<Connection> ownConnection(DataSourceProperties database, Duration lease, String name) {
        return () -> {
            Properties properties = new Properties();
            properties.setProperty("user", database.determineUsername());
            properties.setProperty("password", database.determinePassword() == null ? "" : database.determinePassword());
            properties.setProperty("connectTimeout", "2");
            properties.setProperty("socketTimeout", Long.toString(Math.max(2, lease.toSeconds() * 3)));
            properties.setProperty("tcpKeepAlive", "true");
            properties.setProperty("ApplicationName", name);
            try {
                return DriverManager.getConnection(database.determineUrl(), properties);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot connect: " + e.getMessage(), e);
            }
        };
    }
}
