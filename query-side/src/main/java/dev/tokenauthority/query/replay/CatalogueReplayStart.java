package dev.tokenauthority.query.replay;

import dev.tokenauthority.query.catalogue.CatalogueProjection;
import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.lifecycle.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Where the live catalogue stood in the event stream when a replay began (table {@code catalogue_replay_start}),
 * for a stop that interrupts the replay. The live tables keep that position until the replay swaps them out, but
 * the catalogue processor's stored token no longer says so: it is Axon's replay token, which resumes the replay
 * from the first event after a restart (into the live tables then, since the rebuild was not under way in this
 * process) and moves its own record of the reset point forward as events arrive. So {@link #remember()} keeps
 * the processor's tokens from just before the reset, {@link #forget()} drops them in the transaction that swaps
 * the tables, and a start that still finds them puts them back before the processors run: the catalogue goes
 * on from where its live tables are, and the replay can be started again.
 */
@Component
class CatalogueReplayStart implements ConfigurerModule {

    private static final Logger log = LoggerFactory.getLogger(CatalogueReplayStart.class);
    private static final String PROCESSOR = CatalogueProjection.PROCESSING_GROUP;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    CatalogueReplayStart(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public void configureModule(Configurer configurer) {
        configurer.onStart(Phase.INBOUND_EVENT_CONNECTORS - 1, this::restoreIfInterrupted);
    }

    /** Before the catalogue processor's tokens are reset; the processor must be stopped. */
    void remember() {
        transactions.executeWithoutResult(tx -> {
            jdbc.update("DELETE FROM catalogue_replay_start");
            jdbc.update("INSERT INTO catalogue_replay_start (segment, token, token_type)"
                    + " SELECT segment, token, token_type FROM token_entry WHERE processor_name = ?", PROCESSOR);
        });
    }

    /** In the transaction that makes the rebuilt tables the live ones. */
    void forget() {
        jdbc.update("DELETE FROM catalogue_replay_start");
    }

    private void restoreIfInterrupted() {
        transactions.executeWithoutResult(tx -> {
            int restored = jdbc.update("UPDATE token_entry e SET (token, token_type) ="
                    + " (SELECT s.token, s.token_type FROM catalogue_replay_start s WHERE s.segment = e.segment)"
                    + " WHERE e.processor_name = ? AND e.segment IN (SELECT segment FROM catalogue_replay_start)",
                    PROCESSOR);
            jdbc.update("DELETE FROM catalogue_replay_start");
            if (restored > 0) {
                log.warn("a replay was interrupted by a stop: the catalogue goes on from where it stood before the"
                        + " replay; start the replay again to rebuild it");
            }
        });
    }
}
