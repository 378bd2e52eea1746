package dev.tokenauthority.app.config;

import dev.tokenauthority.command.web.WriteDurability;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What makes an acknowledged write durable, by store (the README's "Durability"). */
@Configuration(proxyBeanMethods = false)
class StoreDurability {

    @Bean
    WriteDurability writeDurability(DataSource dataSource) {
        if (StoreKind.of(dataSource) == StoreKind.H2) {
            return new H2CommitFlush(dataSource);
        }
        // PostgreSQL: a commit returns once its write-ahead log record is on disk (synchronous_commit=on, fsync=on).
        return () -> { };
    }
}
