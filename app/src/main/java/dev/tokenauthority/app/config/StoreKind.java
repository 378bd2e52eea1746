package dev.tokenauthority.app.config;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Which database the service runs on: the embedded default (H2 file) or PostgreSQL, the production store. */
public enum StoreKind {
    H2, POSTGRESQL;

    public static StoreKind of(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName();
            return switch (product) {
                case "H2" -> H2;
                case "PostgreSQL" -> POSTGRESQL;
                default -> throw new IllegalStateException("unsupported database " + product);
            };
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database this is", e);
        }
    }
}
