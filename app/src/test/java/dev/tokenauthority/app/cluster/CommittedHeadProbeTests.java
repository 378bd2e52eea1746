package dev.tokenauthority.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenauthority.app.postgres.ThrowawayPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The read index's queries on a real PostgreSQL server, and its connection of its own when that goes bad. */
class CommittedHeadProbeTests {

    private final ThrowawayPostgres.Database database = ThrowawayPostgres.server().newDatabase();
    private final String name = "read-index-probe-" + UUID.randomUUID();

    @BeforeEach
    void eventStore() throws SQLException {
        try (Connection connection = open("set-up"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE domain_event_entry (global_index BIGSERIAL PRIMARY KEY)");
        }
    }

    @Test
    void readsTheCommittedHead() throws SQLException {
        CommittedHeadProbe probe = new CommittedHeadProbe(() -> open(name), null, null, null);
        assertThat(probe.committedHead()).isEqualTo(-1);

        append(3);

        assertThat(probe.committedHead()).isEqualTo(3);
    }

    @Test
    void aKeptConnectionThatWasCutOffIsReplacedWithoutFailingTheRead() throws SQLException {
        CommittedHeadProbe probe = new CommittedHeadProbe(() -> open(name), null, null, null);
        append(2);
        assertThat(probe.committedHead()).isEqualTo(2);

        // What a restart or a failover of the database leaves behind: a kept connection that fails at its next use.
        try (Connection admin = open("admin");
             PreparedStatement cut = admin.prepareStatement(
                     "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?")) {
            cut.setString(1, name);
            cut.executeQuery().close();
        }
        append(1);

        assertThat(probe.committedHead()).isEqualTo(3);
    }

    @Test
    void withoutTheDatabaseTheReadFails() {
        Supplier<Connection> none = () -> {
            throw new IllegalStateException("cannot connect: connection refused");
        };
        CommittedHeadProbe probe = new CommittedHeadProbe(none, null, null, null);

        assertThatThrownBy(probe::committedHead).hasMessageContaining("cannot connect");
    }

    private void append(int events) throws SQLException {
        try (Connection connection = open("writer"); Statement statement = connection.createStatement()) {
            for (int i = 0; i < events; i++) {
                statement.execute("INSERT INTO domain_event_entry DEFAULT VALUES");
            }
        }
    }

    private Connection open(String applicationName) {
        Properties properties = new Properties();
        properties.setProperty("user", database.user());
        properties.setProperty("password", database.password());
        properties.setProperty("ApplicationName", applicationName);
        try {
            return DriverManager.getConnection(database.url(), properties);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect: " + e.getMessage(), e);
        }
    }
}
