package dev.tokenauthority.app.h2storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.index.Index;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.db.MVDelegateIndex;
import org.h2.mvstore.db.MVIndex;
import org.h2.mvstore.db.MVTable;
import org.h2.mvstore.tx.Transaction;
import org.h2.mvstore.tx.TransactionStore;
import org.h2.table.Table;
import org.h2.value.VersionedValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes the commits that H2 wrote to its file only in part before a crash, so that no row stays locked for ever.
 *
 * <p>H2 (MVStore, 2.3.232) writes its tables and indexes to the file one after the other while transactions go on
 * committing (h2database #2080, open). A {@code kill -9} can so leave the file holding entries that a transaction
 * wrote as "uncommitted, by transaction T" while T's undo log was written already emptied by T's commit: at the next
 * start H2 finds no transaction T to roll back or commit, and the entries stay uncommitted for ever. Such an entry is
 * invisible to every reader but one that happens to get the id T, and it locks its keys: every insert of the same
 * key (an event at the same aggregate and sequence number) waits for T, times out, and meanwhile H2 takes a new
 * identity value at each retry. Found by the battery's crash piece (a token whose every change failed after a
 * restart; h2database's own kill loop reproduced it, 3 of 154 kills).
 *
 * <p>At a start after an unclean stop, before anything else uses the database, every entry of every table and index
 * that is still uncommitted by a transaction that is not open is written as committed, the value T gave it, as T's
 * commit had begun to do: T's undo log was emptied, which H2 does at the end of a commit (and of a
 * rollback: a transaction rolled back in memory at the moment of the kill would be completed the wrong way, a
 * write whose caller got an error; none of ours writes anything after the statement that fails). A write call's
 * answer waits for its commit to be in the file ({@code H2CommitFlush}), so no acknowledged write is among these.
 *
 * <p>This reaches into H2's storage (its maps and versioned values), outside its supported API: kept to this package
 * and switched off by {@code token-authority.h2.complete-half-written-commits=false}, which leaves H2 as it is.
 */
public final class HalfWrittenCommits {

    private static final Logger log = LoggerFactory.getLogger(HalfWrittenCommits.class);

    private HalfWrittenCommits() {
    }

    /** An index (or a table's rows) holding entries of a commit that was written in part, and of which transactions. */
    public record Completed(String table, String index, int entries, List<Integer> transactions) {
    }

    /**
     * Writes as committed every uncommitted entry whose transaction is not open, and stores the file; returns what it
     * found, per index. An entry of an open transaction (H2's own sessions may have one at start) is left to it.
     */
    public static List<Completed> complete(DataSource dataSource) throws SQLException {
        List<Completed> completed = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            SessionLocal session = EmbeddedH2.session(connection).orElseThrow(() -> new IllegalStateException(
                    "half-written commits are looked for in an embedded H2 database only"));
            TransactionStore transactions = session.getDatabase().getStore().getTransactionStore();
            List<Transaction> open = transactions.getOpenTransactions(); // seen briefly at starts: H2's own, it seems
            if (!open.isEmpty()) {
                log.info("H2 transactions open while half-written commits are looked for, left to their sessions: {}",
                        open);
            }
            for (Table table : session.getDatabase().getAllTablesAndViews()) {
                if (table instanceof MVTable) {
                    for (Index index : table.getIndexes()) {
                        // A delegate index (a one-column primary key) is the table's own map: read once, as the rows.
                        if (index instanceof MVIndex<?, ?> stored && !(index instanceof MVDelegateIndex)) {
                            Completed done = complete(table.getName(), index.getName(), stored.getMVMap(), transactions);
                            if (done != null) {
                                completed.add(done);
                            }
                        }
                    }
                }
            }
            if (!completed.isEmpty()) {
                try (Statement checkpoint = connection.createStatement()) {
                    checkpoint.execute("CHECKPOINT");
                }
            }
        }
        return completed;
    }

    private static <K, V> Completed complete(String table, String index, MVMap<K, VersionedValue<V>> map,
                                             TransactionStore transactions) {
        Set<Integer> open = openTransactions(transactions);
        List<K> keys = new ArrayList<>(); // index keys are rows, which H2 does not hash: lists, not a map
        List<Integer> writers = new ArrayList<>();
        for (Cursor<K, VersionedValue<V>> entries = map.cursor(null); entries.hasNext(); ) {
            K key = entries.next();
            VersionedValue<V> value = entries.getValue();
            if (value != null && value.getOperationId() != 0) {
                int transaction = (int) (value.getOperationId() >>> 40); // H2's operation id: transaction id, then log id
                if (!open.contains(transaction)) {
                    keys.add(key);
                    writers.add(transaction);
                }
            }
        }
        // A transaction begun while the index was read may have written some of these keys: its own, not orphans.
        Set<Integer> openNow = openTransactions(transactions);
        List<Integer> completedBy = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (!openNow.contains(writers.get(i))) {
                commit(keys.get(i), map, table + "." + index);
                completedBy.add(writers.get(i));
            }
        }
        return completedBy.isEmpty() ? null
                : new Completed(table, index, completedBy.size(), completedBy.stream().distinct().sorted().toList());
    }

    private static <K, V> void commit(K key, MVMap<K, VersionedValue<V>> map, String where) {
        V current = map.get(key).getCurrentValue();
        if (current == null) {
            map.remove(key); // the transaction removed it
        } else if (current instanceof VersionedValue<?> committed) { // a committed value is the value itself
            @SuppressWarnings("unchecked")
            VersionedValue<V> asStored = (VersionedValue<V>) committed;
            map.put(key, asStored);
        } else {
            throw new IllegalStateException("an entry of " + where + " H2 does not store as a value: "
                    + current.getClass().getName());
        }
    }

    private static Set<Integer> openTransactions(TransactionStore transactions) {
        Set<Integer> open = new HashSet<>();
        for (Transaction transaction : transactions.getOpenTransactions()) {
            open.add(transaction.getId());
        }
        return open;
    }
}
