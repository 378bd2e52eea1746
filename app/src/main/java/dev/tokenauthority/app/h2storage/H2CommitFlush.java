package dev.tokenauthority.app.h2storage;

import dev.tokenauthority.command.web.WriteDurability;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.mvstore.MVStore;

/**
 * Writes H2's committed changes to its file before a write call answers. H2 (MVStore) keeps commits in memory and
 * a background thread writes them up to {@code WRITE_DELAY} (500 ms) later; a {@code kill -9} in between undid
 * writes the service had acknowledged, revocations included.
 *
 * <p>A change is made first, so that there is something to store, and then stored in the calling thread: H2
 * serializes and writes chunks on single-threaded executors, in order, so a store of our own returns only once
 * every store before it, the background writer's too, is in the file. The file is written, not forced to the
 * disk: this survives a crash of the process, not of the operating system (README, "Durability").
 *
 * <p>{@link Mode#STORE} (the default) calls {@link MVStore#commit()} and repeats it, each time after a new change,
 * until it answers that it stored. A store may not happen: when the background writer took the change first (its
 * write may still be on its way to the file), and, since H2 2.5, when any store began while {@code commit()} waited
 * for H2's store lock. SQL {@code CHECKPOINT} calls {@code commit()} once and cannot tell: on H2 2.5.252 it lost
 * acknowledged writes in the crash piece at its 10th run and fails {@code H2CommitFlushTests}' race (README, "H2
 * 2.3.232"). {@link Mode#CHECKPOINT} is that SQL way, as before ({@code token-authority.h2.commit-flush=checkpoint}).
 *
 * <p>Concurrent callers share flushes: one that finds a flush started after its own commit has nothing to add.
 */
final class H2CommitFlush implements WriteDurability {

    /** How a flush stores H2's commits. */
    enum Mode { STORE, CHECKPOINT }

    /** Attempts of {@link Mode#STORE}: each one lost only to a store that began during it; a few suffice. */
    static final int ATTEMPTS = 100;

    /** The one row of commit_flush (V14): the change each flush makes, so that its store has one of its own. */
    private static final String A_CHANGE_OF_OUR_OWN = "UPDATE commit_flush SET flushes = flushes + 1";

    private final DataSource dataSource;
    private final Mode mode;
    private final AtomicLong requested = new AtomicLong();
    private long flushedUpTo;

    H2CommitFlush(DataSource dataSource, Mode mode) {
        this.dataSource = dataSource;
        this.mode = mode;
    }

    @Override
    public void awaitDurable() {
        long ticket = requested.incrementAndGet(); // after the caller's commit returned
        synchronized (this) {
            if (flushedUpTo >= ticket) {
                return; // a flush that started after our commit has covered it
            }
            long upTo = requested.get();
            flush();
            flushedUpTo = upTo;
        }
    }

    private void flush() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            Optional<SessionLocal> session = EmbeddedH2.session(connection);
            if (mode == Mode.CHECKPOINT || session.isEmpty()) {
                // The SQL way; also for an H2 server reached over TCP, whose store lives in another process.
                statement.executeUpdate(A_CHANGE_OF_OUR_OWN);
                statement.execute("CHECKPOINT");
                return;
            }
            MVStore store = session.get().getDatabase().getStore().getMvStore();
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                statement.executeUpdate(A_CHANGE_OF_OUR_OWN);
                // -1: it did not store (another store began first, or took our change). An interrupt ends H2's wait
                // for its write early (as in CHECKPOINT); request threads are not interrupted.
                if (store.commit() >= 0) {
                    return;
                }
            }
            throw new IllegalStateException("H2 did not store in " + ATTEMPTS + " attempts");
        } catch (SQLException e) {
            throw new IllegalStateException("could not write the database's commits to its file", e);
        }
    }
}
