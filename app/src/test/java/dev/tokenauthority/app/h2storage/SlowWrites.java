package dev.tokenauthority.app.h2storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.util.concurrent.TimeUnit;
import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * H2 file paths ({@code slowwrites:/dir/name}) whose every write to the file takes a few milliseconds more, as on a
 * busy disk: H2's writes of a chunk, which run on its own threads after the store that made the chunk returned, stay
 * in flight long enough for a test to see what returned before them.
 */
public final class SlowWrites extends FilePathWrapper {

    private static final SlowWrites INSTANCE = new SlowWrites();
    static final long DELAY_MILLIS = 3;

    /** Makes the {@code slowwrites:} prefix known to H2 (once per JVM is enough; again does no harm). */
    static void register() {
        FilePath.register(INSTANCE);
    }

    @Override
    public String getScheme() {
        return "slowwrites";
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        return new SlowChannel(super.open(mode));
    }

    private static final class SlowChannel extends FileBase {

        private final FileChannel channel;

        SlowChannel(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public int write(ByteBuffer source) throws IOException {
            pause();
            return channel.write(source);
        }

        @Override
        public int write(ByteBuffer source, long position) throws IOException {
            pause();
            return channel.write(source, position);
        }

        @Override
        public int read(ByteBuffer target) throws IOException {
            return channel.read(target);
        }

        @Override
        public int read(ByteBuffer target, long position) throws IOException {
            return channel.read(target, position);
        }

        @Override
        public long position() throws IOException {
            return channel.position();
        }

        @Override
        public FileChannel position(long position) throws IOException {
            channel.position(position);
            return this;
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            channel.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            channel.force(metaData);
        }

        @Override
        public synchronized FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return channel.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            channel.close();
        }

        private static void pause() throws IOException {
            try {
                TimeUnit.MILLISECONDS.sleep(DELAY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while writing", e);
            }
        }
    }
}
