package dev.tokenauthority.query.catalogue;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Which of a catalogue's two equal tables the API reads (table {@code catalogue_live_table}). A replay writes
 * the other one, the standby, and {@link #promoteStandby()} swaps them in the replay's final transaction:
 * no row is copied. The previous live table keeps its rows until the next replay clears it, so a read that
 * chose its table just before the swap still finds a complete catalogue.
 */
final class LiveTable {

    private final JdbcTemplate jdbc;
    private final String catalogue;
    private final String first;
    private final String second;
    private volatile String live;

    LiveTable(JdbcTemplate jdbc, String catalogue, String first, String second) {
        this.jdbc = jdbc;
        this.catalogue = catalogue;
        this.first = first;
        this.second = second;
    }

    String live() {
        String current = live;
        if (current == null) {
            // Read on first use: the table exists only once the migrations have run.
            current = jdbc.queryForObject("SELECT live_table FROM catalogue_live_table WHERE catalogue = ?",
                    String.class, catalogue);
            live = current;
        }
        return current;
    }

    String standby() {
        return live().equals(first) ? second : first;
    }

    /** Empties the standby table fast; outside any transaction (H2's TRUNCATE commits the open one). */
    void truncateStandby() {
        jdbc.update("TRUNCATE TABLE " + standby());
    }

    /** Makes the standby table the live one, for this node once the surrounding transaction commits. */
    void promoteStandby() {
        String next = standby();
        jdbc.update("UPDATE catalogue_live_table SET live_table = ? WHERE catalogue = ?", next, catalogue);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    live = next;
                }
            });
        } else {
            live = next;
        }
    }
}
