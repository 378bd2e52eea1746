package dev.tokenauthority.app.config;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalInt;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Warns at start when the embedded H2 file store runs with a write delay: H2 then writes commits to its file on
 * a background thread, up to that many milliseconds after they returned, and a crash of the process loses writes
 * the service has acknowledged (revocations included). The default data directory URL sets {@code WRITE_DELAY=0};
 * this catches a {@code spring.datasource.url} given by hand without it.
 */
@Component
class H2WriteDelayCheck {

    private static final Logger log = LoggerFactory.getLogger(H2WriteDelayCheck.class);

    H2WriteDelayCheck(DataSource dataSource) {
        writeDelayMillis(dataSource).ifPresent(delay -> {
            if (delay != 0) {
                log.warn("the H2 store writes commits to its file up to {} ms after they return (WRITE_DELAY={}):"
                        + " a crash can lose acknowledged writes, revocations included; set WRITE_DELAY=0 in"
                        + " spring.datasource.url or leave the URL to the data directory", delay, delay);
            }
        });
    }

    /** H2's write delay for a file database; empty for any other database. */
    static OptionalInt writeDelayMillis(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            if (!"H2".equals(connection.getMetaData().getDatabaseProductName())
                    || !connection.getMetaData().getURL().startsWith("jdbc:h2:file:")) {
                return OptionalInt.empty();
            }
            try (Statement statement = connection.createStatement();
                 ResultSet setting = statement.executeQuery(
                         "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
                return setting.next() ? OptionalInt.of(Integer.parseInt(setting.getString(1))) : OptionalInt.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database's settings", e);
        }
    }
}
