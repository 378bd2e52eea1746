package dev.tokenauthority.query.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The snapshot in the database (table {@code auth_lookup_snapshot_chunk}, 1 MiB per row), where every node of a
 * cluster finds it: a node that joins starts from whichever node wrote last. One transaction replaces all chunks,
 * under a table lock that keeps two writers apart but no reader waiting, so a reader sees the old snapshot or the
 * new one whole. Chunks are read one at a time (a cursor in a transaction), so a large snapshot never sits in memory
 * twice.
 */
public class DatabaseSnapshotStore implements SnapshotStore {

    static final int CHUNK_BYTES = 1 << 20;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public DatabaseSnapshotStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public void publish(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            transactions.executeWithoutResult(tx -> {
                jdbc.execute("LOCK TABLE auth_lookup_snapshot_chunk IN EXCLUSIVE MODE");
                jdbc.update("DELETE FROM auth_lookup_snapshot_chunk");
                try {
                    List<Object[]> batch = new ArrayList<>();
                    int chunk = 0;
                    for (byte[] bytes = in.readNBytes(CHUNK_BYTES); bytes.length > 0; bytes = in.readNBytes(CHUNK_BYTES)) {
                        batch.add(new Object[] {chunk++, bytes});
                        if (batch.size() == 8) {
                            insert(batch);
                        }
                    }
                    insert(batch);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private void insert(List<Object[]> batch) {
        if (!batch.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO auth_lookup_snapshot_chunk (chunk, content) VALUES (?, ?)", batch);
            batch.clear();
        }
    }

    @Override
    public <T> Optional<T> read(Reader<T> reader) throws IOException {
        try {
            return transactions.execute(tx -> jdbc.query(connection -> {
                var statement = connection.prepareStatement("SELECT content FROM auth_lookup_snapshot_chunk ORDER BY chunk");
                statement.setFetchSize(1);
                return statement;
            }, rs -> {
                if (!rs.next()) {
                    return Optional.<T>empty();
                }
                try {
                    return Optional.of(reader.read(new ChunkStream(rs)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public String describe() {
        return "the database (auth_lookup_snapshot_chunk)";
    }

    /** The chunks of a result set positioned on its first row, as one stream. */
    private static final class ChunkStream extends InputStream {
        private final ResultSet rows;
        private byte[] chunk;
        private int at;

        ChunkStream(ResultSet rows) throws SQLException {
            this.rows = rows;
            this.chunk = rows.getBytes(1);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (chunk != null && at == chunk.length) {
                try {
                    chunk = rows.next() ? rows.getBytes(1) : null;
                } catch (SQLException e) {
                    throw new IOException("reading the snapshot from the database failed", e);
                }
                at = 0;
            }
            if (chunk == null) {
                return -1;
            }
            int n = Math.min(len, chunk.length - at);
            System.arraycopy(chunk, at, b, off, n);
            at += n;
            return n;
        }
    }
}
