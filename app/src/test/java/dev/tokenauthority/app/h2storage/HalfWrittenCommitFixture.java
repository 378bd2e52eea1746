package dev.tokenauthority.app.h2storage;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.tx.Transaction;

/**
 * Run in a process of its own ({@code main}), which it ends as a {@code kill -9} would: leaves an H2 file in the
 * state h2database #2080 can leave after a crash, deterministically. Event (X, 0) is committed; event (X, 1) is in
 * the file as "uncommitted, by transaction T" while T's undo log is in the file empty, as after T's commit had
 * emptied it but before the store caught the table and its indexes again. H2's own kill loop made the same state
 * 3 times in 154 kills, the crash piece once in 200 runs; this writes it in one go (T's undo log is emptied through
 * H2's private fields, the one thing SQL cannot do).
 */
public final class HalfWrittenCommitFixture {

    static final String AGGREGATE = "01a23389-e994-79a4-ba9e-cf59f5832550";

    public static void main(String[] args) throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + args[0] + ";DB_CLOSE_ON_EXIT=FALSE");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/h2").load().migrate();
        Connection flusher = dataSource.getConnection();
        try (Statement statement = flusher.createStatement()) {
            insertEvent(flusher, 0);
            statement.execute("CHECKPOINT");
        }
        List<Connection> busy = new ArrayList<>(); // other transactions open, as in a busy service: T is not 1
        for (int i = 0; i < 3; i++) {
            Connection other = dataSource.getConnection();
            other.setAutoCommit(false);
            try (Statement statement = other.createStatement()) {
                statement.executeUpdate("UPDATE commit_flush SET flushes = flushes WHERE 1 = 0");
            }
            busy.add(other);
        }
        Connection append = dataSource.getConnection();
        append.setAutoCommit(false);
        insertEvent(append, 1);
        Transaction transaction = ((SessionLocal) append.unwrap(JdbcConnection.class).getSession()).getTransaction();
        int id = (Integer) field(transaction, "transactionId");
        MVMap<?, ?>[] undoLogs = (MVMap<?, ?>[]) field(field(transaction, "store"), "undoLogs");
        try (Statement statement = flusher.createStatement()) {
            statement.execute("CHECKPOINT"); // the table and its indexes, with T's entries uncommitted
            undoLogs[id].clear(); // what T's commit does last
            statement.execute("UPDATE commit_flush SET flushes = flushes + 1");
            statement.execute("CHECKPOINT"); // T's undo log, empty
        }
        System.out.println("transaction " + id + " left (" + AGGREGATE + ", 1) written in part; " + busy.size()
                + " others open");
        System.out.flush();
        Runtime.getRuntime().halt(9);
    }

    static void insertEvent(Connection connection, long sequence) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO domain_event_entry (aggregate_identifier,"
                + " sequence_number, type, event_identifier, payload, payload_type, time_stamp)"
                + " VALUES (?, ?, 'Token', RANDOM_UUID(), X'7b7d', 'TokenRegenerated', '2026-12-01T21:36:46.951Z')")) {
            insert.setString(1, AGGREGATE);
            insert.setLong(2, sequence);
            insert.executeUpdate();
        }
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        for (Class<?> type = owner.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField(name);
                field.setAccessible(true);
                return field.get(owner);
            } catch (NoSuchFieldException e) {
                // declared further up
            }
        }
        throw new NoSuchFieldException(name);
    }
}
