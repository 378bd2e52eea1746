package dev.tokenauthority.app.config;

import dev.tokenauthority.command.web.WriteDurability;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What makes an acknowledged write durable, by store (the README's "Durability"). */
@Configuration(proxyBeanMethods = false)
class StoreDurability {

    @Bean
    WriteDurability writeDurability(DataSource dataSource) {
        if (isH2(dataSource)) {
            return new H2CommitFlush(dataSource);
        }
        // PostgreSQL: a commit returns once its write-ahead log record is on disk (synchronous_commit=on, fsync=on).
        return () -> { };
    }

    static boolean isH2(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return "H2".equals(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database this is", e);
        }
    }
}
