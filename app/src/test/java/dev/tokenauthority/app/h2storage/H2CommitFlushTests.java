package dev.tokenauthority.app.h2storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A flush returns once the caller's commit is in H2's file: read there, byte for byte, as a {@code kill -9} at that
 * moment would leave it (the process's writes are in the file; CrashDurabilityIT kills the service itself).
 */
class H2CommitFlushTests {

    @TempDir
    Path dataDir;

    @ParameterizedTest
    @EnumSource(H2CommitFlush.Mode.class)
    void aCommitIsInTheFileWhenTheFlushReturns(H2CommitFlush.Mode mode) throws Exception {
        JdbcDataSource dataSource = migrated();
        try (Connection keepOpen = dataSource.getConnection()) {
            H2CommitFlush flush = new H2CommitFlush(dataSource, mode);
            for (int round = 0; round < 20; round++) {
                String marker = commitMarker(keepOpen);
                flush.awaitDurable();
                assertThat(inTheFile(marker)).as("round %d, %s", round, mode).isTrue();
            }
        }
    }

    private JdbcDataSource migrated() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + dataDir.resolve("token-authority") + ";DB_CLOSE_ON_EXIT=FALSE");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/h2").load().migrate();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE flush_marker (marker VARCHAR(64) NOT NULL)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return dataSource;
    }

    private static String commitMarker(Connection connection) throws SQLException {
        String marker = UUID.randomUUID().toString().replace("-", "");
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO flush_marker VALUES (?)")) {
            insert.setString(1, marker);
            insert.executeUpdate();
        }
        return marker;
    }

    private boolean inTheFile(String marker) throws Exception {
        // ISO-8859-1 maps every byte to one char: the marker's ASCII is found where its bytes are
        return new String(Files.readAllBytes(dataDir.resolve("token-authority.mv.db")), StandardCharsets.ISO_8859_1)
                .contains(marker);
    }
}
