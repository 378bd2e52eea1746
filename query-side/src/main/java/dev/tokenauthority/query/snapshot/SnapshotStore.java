package dev.tokenauthority.query.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the snapshot of the auth lookup is kept: a file in the data directory (one node), or the database, where
 * every node of a cluster finds the latest one that any node wrote.
 */
public interface SnapshotStore {

    /** Makes the complete snapshot in {@code file} the one a start finds, replacing the previous one whole. */
    void publish(Path file) throws IOException;

    /** Reads the snapshot a start would find with {@code reader}, if there is one. */
    <T> Optional<T> read(Reader<T> reader) throws IOException;

    /** Where it is, for log lines. */
    String describe();

    @FunctionalInterface
    interface Reader<T> {
        T read(InputStream snapshot) throws IOException;
    }
}
