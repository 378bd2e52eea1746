package dev.tokenauthority.app.h2storage;

import dev.tokenauthority.app.config.StoreKind;
import dev.tokenauthority.command.web.WriteDurability;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What makes an acknowledged write durable, by store (the README's "Durability"): on H2 a flush of its commits to
 * the file ({@link H2CommitFlush}, here beside the rest that reaches into H2's storage).
 */
@Configuration(proxyBeanMethods = false)
class StoreDurability {

    @Bean
    WriteDurability writeDurability(DataSource dataSource,
                                    @Value("${token-authority.h2.commit-flush:store}") H2CommitFlush.Mode h2Flush) {
        if (StoreKind.of(dataSource) == StoreKind.H2) {
            return new H2CommitFlush(dataSource, h2Flush);
        }
        // PostgreSQL: a commit returns once its write-ahead log record is on disk (synchronous_commit=on, fsync=on).
        return () -> { };
    }
}
