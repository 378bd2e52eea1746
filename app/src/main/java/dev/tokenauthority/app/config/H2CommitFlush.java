package dev.tokenauthority.app.config;

import dev.tokenauthority.command.web.WriteDurability;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Writes H2's committed changes to its file before a write call answers. H2 (MVStore) keeps commits in memory and
 * a background thread writes them up to {@code WRITE_DELAY} (500 ms) later; a {@code kill -9} in between undid
 * writes the service had acknowledged, revocations included.
 *
 * <p>{@code CHECKPOINT} stores the changes in the calling thread ({@code MVStore.commit()}). A change is made
 * first, so that there is something to store: when the background writer has just taken the latest changes and
 * is still writing them, {@code CHECKPOINT} alone would find nothing unsaved and return at once; a store of its
 * own queues behind the background one (H2 serializes and writes chunks on single-threaded executors, in order)
 * and so returns only after both are in the file. The file is written, not forced to the disk: this survives
 * a crash of the process, not of the operating system (README, "Durability").
 *
 * <p>Concurrent callers share flushes: one that finds a flush started after its own commit has nothing to add.
 */
final class H2CommitFlush implements WriteDurability {

    private final DataSource dataSource;
    private final AtomicLong requested = new AtomicLong();
    private long flushedUpTo;

    H2CommitFlush(DataSource dataSource) {
        this.dataSource = dataSource;
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
            statement.executeUpdate("UPDATE commit_flush SET flushes = flushes + 1");
            statement.execute("CHECKPOINT");
        } catch (SQLException e) {
            throw new IllegalStateException("could not write the database's commits to its file", e);
        }
    }
}
