package dev.tokenauthority.app.h2storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;

/**
 * The one way into H2's engine from a JDBC connection, for the code here that works below SQL (the store's commits,
 * the entries of half-written commits). Only an embedded database has its engine in this process; an H2 server
 * reached over TCP has not.
 */
final class EmbeddedH2 {

    private EmbeddedH2() {
    }

    /** The engine's session behind the connection, if the database runs in this process. */
    static Optional<SessionLocal> session(Connection connection) throws SQLException {
        return connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session
                ? Optional.of(session) : Optional.empty();
    }
}
