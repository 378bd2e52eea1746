package dev.tokenauthority.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import dev.tokenauthority.app.MigratedH2;
import java.nio.file.Path;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

class UncleanStopRebuildTests {

    @TempDir
    Path dataDir;

    private JdbcTemplate jdbc;
    private UncleanStopRebuild rebuild;

    @BeforeEach
    void setUp() {
        JdbcDataSource dataSource = MigratedH2.inMemory("");
        jdbc = new JdbcTemplate(dataSource);
        rebuild = new UncleanStopRebuild(dataDir, dataSource, jdbc,
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
        jdbc.update("INSERT INTO token_entry (processor_name, segment, token, token_type, timestamp)"
                + " VALUES ('catalogue', 0, X'7b7d', 'GapAwareTrackingToken', '2026-12-01T23:50:00Z')");
    }

    @Test
    void aRunIsMarkedRunningBeforeItsProcessorsWriteAnything() {
        // It was marked when ready: a crash while the processors and the scheduler already wrote, before ready,
        // left no mark, and the next start trusted the read models and H2's half-written commits.
        rebuild.beforeTheProcessorsStart();

        assertThat(dataDir.resolve("running")).exists();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM token_entry", Integer.class)).as("clean: kept").isOne();
    }

    @Test
    void aMarkFoundAtStartRebuildsTheCatalogueAndTheAuditTrailAndACleanStopRemovesIt() throws Exception {
        Files.writeString(dataDir.resolve("running"), "");

        rebuild.beforeTheProcessorsStart();

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM token_entry", Integer.class)).isZero();
        assertThat(dataDir.resolve("running")).exists();
        rebuild.cleanStop();
        assertThat(dataDir.resolve("running")).doesNotExist();
    }
}
