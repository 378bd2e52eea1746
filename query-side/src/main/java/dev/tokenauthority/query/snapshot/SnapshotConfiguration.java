package dev.tokenauthority.query.snapshot;

import dev.tokenauthority.events.secret.SecretHasher;
import dev.tokenauthority.query.authlookup.AuthLookupModel;
import dev.tokenauthority.query.authlookup.SnapshotKey;
import dev.tokenauthority.query.progress.AuthLookupStart;
import dev.tokenauthority.query.progress.ReadModelProgress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Snapshots of the auth lookup, on unless {@code token-authority.snapshot.enabled=false} (then every start replays
 * the whole store, as before). The {@link SnapshotStore} comes from the assembly, by the kind of database.
 */
@Configuration(proxyBeanMethods = false)
class SnapshotConfiguration {

    @Bean
    @ConditionalOnProperty(name = "token-authority.snapshot.enabled", havingValue = "true", matchIfMissing = true)
    AuthLookupSnapshots authLookupSnapshots(AuthLookupModel model, SnapshotStore store, SecretHasher serviceKey,
                                            EventStore eventStore, @Value("${token-authority.data-dir}") Path dataDir,
                                            Clock clock) {
        AuthLookupSnapshots snapshots = new AuthLookupSnapshots(model, store, new SnapshotKey(serviceKey), eventStore,
                dataDir, clock);
        snapshots.preload();
        return snapshots;
    }

    @Bean
    @ConditionalOnProperty(name = "token-authority.snapshot.enabled", havingValue = "true", matchIfMissing = true)
    SnapshotSchedule snapshotSchedule(AuthLookupSnapshots snapshots, ReadModelProgress progress,
                                      @Value("${token-authority.snapshot.interval:5m}") Duration interval, Clock clock) {
        return new SnapshotSchedule(snapshots, progress, interval, clock);
    }

    @Bean
    @ConditionalOnProperty(name = "token-authority.snapshot.enabled", havingValue = "false")
    AuthLookupStart replayEverything() {
        return events -> null;
    }
}
