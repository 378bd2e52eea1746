package dev.tokenauthority.app.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.lifecycle.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * After a crash of the process on the embedded H2 store, rebuilds the catalogue, the audit trail and the tables of
 * the subscribing processors from the event store instead of trusting them. H2 (MVStore) writes its tables to the
 * file one after the other, without a lock against commits in between, so a file written while transactions commit
 * can hold part of one (h2database #2080, confirmed by its maintainer): the crash test found the catalogue's stored
 * position beyond rows it never got, acknowledged renames missing from listings after a {@code kill -9}, and a
 * registered instance missing from the command side's directory. Verify is unaffected: the auth lookup
 * is rebuilt at every start, from a snapshot published only once the events it holds were in the file, and the events
 * after it.
 *
 * <p>A file {@code running} in the data directory marks a running service (written before the processors start)
 * and a clean stop removes it, so finding it at start means the last run crashed. Then, before the event processors
 * start, the catalogue's and the audit trail's tables and stored positions are emptied: both catch up from the first
 * event, and a write call answers only once they have passed its event (ReadModelBarrier), so no answer relies on a
 * half-written model. The tables of the subscribing processors (the command side's directories among them), which
 * keep no position to catch up from, are rebuilt from the event store there and then
 * ({@link SubscribingProjectionsRebuild}). On PostgreSQL a transaction is on disk whole or not at all: nothing to do.
 */
@Component
class UncleanStopRebuild implements ConfigurerModule {

    private static final Logger log = LoggerFactory.getLogger(UncleanStopRebuild.class);
    private static final String[] REBUILT_TABLES = {"token_catalogue", "token_catalogue_next", "instance_catalogue",
            "instance_catalogue_next", "audit_entry"};

    private final Path marker;
    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private Configuration axon;

    UncleanStopRebuild(@Value("${token-authority.data-dir}") Path dataDir, DataSource dataSource, JdbcTemplate jdbc,
                       TransactionTemplate transactions) {
        this.marker = RunningMark.in(dataDir);
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public void configureModule(Configurer configurer) {
        configurer.onInitialize(configuration -> this.axon = configuration);
        // Before the processors start.
        configurer.onStart(Phase.INBOUND_EVENT_CONNECTORS - 2, this::beforeTheProcessorsStart);
    }

    /**
     * Rebuilds if the last run crashed, then marks this run as running: before the processors, the scheduler and the
     * requests write anything, so that a crash at any moment after this is seen at the next start.
     */
    void beforeTheProcessorsStart() {
        SubscribingProjectionsRebuild subscribing = new SubscribingProjectionsRebuild(jdbc, axon); // checked every start
        rebuildIfTheLastRunCrashed(subscribing);
        try {
            Files.writeString(marker, "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + marker, e);
        }
    }

    private void rebuildIfTheLastRunCrashed(SubscribingProjectionsRebuild subscribing) {
        if (!Files.exists(marker) || StoreKind.of(dataSource) != StoreKind.H2) {
            return;
        }
        log.warn("the last run did not stop cleanly: the catalogue, the audit trail and the subscribing processors'"
                + " tables are rebuilt from the event store");
        // TRUNCATE, not DELETE: the torn file can hold a table whose index lost rows ("Row … not found in primary
        // index", found by the crash test in token_catalogue_next), and DELETE reads every row through that index and
        // fails, and with it the start. TRUNCATE drops the table's storage without reading it. It commits by itself
        // on H2, so each runs alone; the stored positions go last, so a crash in between leaves the marker and the
        // next start does it all again.
        for (String table : REBUILT_TABLES) {
            jdbc.execute("TRUNCATE TABLE " + table);
        }
        transactions.executeWithoutResult(tx ->
                jdbc.update("DELETE FROM token_entry WHERE processor_name IN ('catalogue', 'audit-trail')"));
        subscribing.rebuild();
    }

    /** A stop in the middle of a replay is clean too: the next start resumes the models as they were (README). */
    @EventListener(ContextClosedEvent.class)
    void cleanStop() throws IOException {
        Files.deleteIfExists(marker);
    }
}
