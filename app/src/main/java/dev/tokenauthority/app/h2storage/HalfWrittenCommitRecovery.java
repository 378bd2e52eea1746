package dev.tokenauthority.app.h2storage;

import dev.tokenauthority.app.config.RunningMark;
import dev.tokenauthority.app.config.StoreKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * At a start after an unclean stop on H2, completes the commits H2 left written in part ({@link HalfWrittenCommits})
 * first of all: before Flyway, the processors, the scheduler or any request touches the database.
 * {@code token-authority.h2.complete-half-written-commits=false} leaves H2's file as H2 opened it.
 */
@Configuration(proxyBeanMethods = false)
class HalfWrittenCommitRecovery {

    private static final Logger log = LoggerFactory.getLogger(HalfWrittenCommitRecovery.class);

    @Bean
    FlywayMigrationStrategy completeHalfWrittenCommitsThenMigrate(
            DataSource dataSource, @Value("${token-authority.data-dir}") Path dataDir,
            @Value("${token-authority.h2.complete-half-written-commits:true}") boolean enabled) {
        return flyway -> {
            if (enabled && StoreKind.of(dataSource) == StoreKind.H2 && Files.exists(RunningMark.in(dataDir))) {
                completeHalfWrittenCommits(dataSource);
            }
            flyway.migrate();
        };
    }

    private static void completeHalfWrittenCommits(DataSource dataSource) {
        List<HalfWrittenCommits.Completed> completed;
        try {
            completed = HalfWrittenCommits.complete(dataSource);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look for commits H2 wrote in part before the crash", e);
        }
        for (HalfWrittenCommits.Completed done : completed) {
            log.warn("H2 had written a commit in part before the crash (h2database #2080): in {} ({}), {} entry(ies) were"
                            + " left uncommitted by transaction(s) {} and are now committed", done.table(), done.index(),
                    done.entries(), done.transactions());
        }
    }
}
