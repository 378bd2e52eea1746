package dev.tokenauthority.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenauthority.app.MigratedH2;
import java.nio.file.Files;
import java.nio.file.Path;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.serialization.json.JacksonSerializer;
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
        jdbc.update("INSERT INTO instance_directory (instance_id, project_id, region_id, deleted)"
                + " VALUES ('no-event-registered-it', 'p-1', 'eu01', FALSE)");
    }

    /** Axon with one subscribing processor of that name, whose handler takes no event of ours. */
    private void configureAxonWithSubscribingProcessor(String name) {
        Configurer axon = DefaultConfigurer.defaultConfiguration(false)
                .configureSerializer(configuration -> JacksonSerializer.defaultSerializer());
        Listener listener = new Listener();
        axon.eventProcessing().registerSubscribingEventProcessor(name)
                .registerEventHandler(configuration -> listener)
                .assignHandlerInstancesMatching(name, handler -> handler == listener);
        rebuild.configureModule(axon);
        axon.buildConfiguration();
    }

    static class Listener {
        @EventHandler
        void on(Listener event) {
        }
    }

    @Test
    void aRunIsMarkedRunningBeforeItsProcessorsWriteAnything() {
        configureAxonWithSubscribingProcessor("instance-directory");
        // It was marked when ready: a crash while the processors and the scheduler already wrote, before ready,
        // left no mark, and the next start trusted the read models and H2's half-written commits.
        rebuild.beforeTheProcessorsStart();

        assertThat(dataDir.resolve("running")).exists();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM token_entry", Integer.class)).as("clean: kept").isOne();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM instance_directory", Integer.class)).isOne();
    }

    @Test
    void aMarkFoundAtStartRebuildsTheReadModelsAndTheSubscribingProcessorsTablesAndACleanStopRemovesIt() throws Exception {
        configureAxonWithSubscribingProcessor("instance-directory");
        Files.writeString(dataDir.resolve("running"), "");

        rebuild.beforeTheProcessorsStart();

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM token_entry", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM instance_directory", Integer.class))
                .as("rebuilt from an empty event store").isZero();
        assertThat(dataDir.resolve("running")).exists();
        rebuild.cleanStop();
        assertThat(dataDir.resolve("running")).doesNotExist();
    }

    @Test
    void aSubscribingProcessorWhoseTableTheRebuildDoesNotKnowFailsEveryStartNotOnlyTheOneAfterACrash() {
        configureAxonWithSubscribingProcessor("some-new-directory");

        assertThatThrownBy(rebuild::beforeTheProcessorsStart).hasMessageContaining("some-new-directory");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM instance_directory", Integer.class)).isOne();
    }
}
