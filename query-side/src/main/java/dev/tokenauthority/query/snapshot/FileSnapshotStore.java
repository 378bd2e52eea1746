package dev.tokenauthority.query.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The snapshot as a file in the data directory. A new one replaces the old by an atomic rename after both the file
 * and the rename are on disk, so a crash at any moment leaves the old snapshot or the new one, never a torn file
 * (and a torn one would fail its checksum anyway).
 *
 * <p>The snapshot must never be ahead of what the event store has on disk: the embedded store writes commits to
 * its file a little after they are visible, and a snapshot holding an event that a crash then took from the store
 * would open a secret the store never issued. So {@code storeOnDisk} (the embedded store's flush) runs before the
 * snapshot is published: every event the snapshot holds was committed before it was written, so the flush covers
 * them all.
 */
public class FileSnapshotStore implements SnapshotStore {

    private final Path file;
    private final Runnable storeOnDisk;

    public FileSnapshotStore(Path file, Runnable storeOnDisk) {
        this.file = file;
        this.storeOnDisk = storeOnDisk;
    }

    @Override
    public void publish(Path written) throws IOException {
        storeOnDisk.run();
        try (FileChannel channel = FileChannel.open(written, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException notSupported) {
            // some file systems cannot sync a directory; the rename is then as durable as they make it
        }
    }

    @Override
    public <T> Optional<T> read(Reader<T> reader) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of(reader.read(in));
        } catch (NoSuchFileException none) {
            return Optional.empty();
        }
    }

    @Override
    public String describe() {
        return file.toString();
    }
}
