package dev.tokenauthority.app.config;

import dev.tokenauthority.command.web.WriteDurability;
import dev.tokenauthority.query.snapshot.DatabaseSnapshotStore;
import dev.tokenauthority.query.snapshot.FileSnapshotStore;
import dev.tokenauthority.query.snapshot.SnapshotStore;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Where the auth lookup's snapshot is kept: on the embedded store, a file in the data directory beside the H2 file
 * (one node, one directory); on PostgreSQL, the database, so that a node joining a cluster starts from the snapshot
 * any node wrote last (a PostgreSQL commit is on disk when it returns, so the events a snapshot holds are too).
 */
@Configuration(proxyBeanMethods = false)
class SnapshotStoreConfiguration {

    static final String FILE_NAME = "auth-lookup.snapshot";

    @Bean
    SnapshotStore snapshotStore(DataSource dataSource, @Value("${token-authority.data-dir}") Path dataDir,
                                JdbcTemplate jdbc, TransactionTemplate transactions, WriteDurability durability) {
        return switch (StoreKind.of(dataSource)) {
            case H2 -> new FileSnapshotStore(dataDir.resolve(FILE_NAME), durability::awaitDurable);
            case POSTGRESQL -> new DatabaseSnapshotStore(jdbc, transactions);
        };
    }
}
