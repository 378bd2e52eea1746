package dev.tokenauthority.app;

import static dev.tokenauthority.app.RunningService.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store holding revision-1 events, written by an earlier build (committed under
 * {@code event-store-fixtures/revision-1}), read by this one: the upcaster turns every {@code TokenCreated} into
 * revision 2, the replay rebuilds the auth lookup and the catalogue, and exactly the newest secret of each live
 * token opens its instance.
 */
class RevisionOneStoreEndToEndTests {

    private static final String FIXTURE = "/event-store-fixtures/revision-1/";

    @TempDir
    Path dataDir;

    @Test
    void revisionOneEventsAreUpcastAndReplayedIntoTheSameAuthState() throws Exception {
        Properties secrets = new Properties();
        try (InputStream in = getClass().getResourceAsStream(FIXTURE + "secrets.properties")) {
            secrets.load(in);
        }
        String hmacKey = resource("hmac.key").strip();
        // First start creates the schema; then the old build's events go into the store, as an upgrade finds them.
        try (RunningService ignored = RunningService.start(dataDir, "--token-authority.hmac-key=" + hmacKey)) {
            // nothing: only the schema and the test's own instance
        }
        long instanceEvents = importRevisionOneEvents();

        try (RunningService service = RunningService.start(dataDir, "--token-authority.hmac-key=" + hmacKey)) {
            assertThat(service.eventCount()).isEqualTo(instanceEvents + 10);
            assertThat(service.database().queryForObject("SELECT COUNT(*) FROM domain_event_entry"
                    + " WHERE payload_type LIKE '%TokenCreated' AND payload_revision = '1'", Long.class))
                    .as("upcasting happens on read; the stored events stay as written").isEqualTo(4);
            // Revision 1 knew no instance registry: the platform registers its instance under its own id.
            assertThat(service.admin("POST", "/v1alpha/projects/p-1/regions/eu01/instances",
                    "{\"id\":\"i-1\",\"type\":\"experiments\"}").statusCode()).isEqualTo(201);
            String tokens = "/v1alpha/projects/p-1/regions/eu01/instances/i-1/tokens";

            JsonNode alpha = json(service.admin("GET", tokens + "/" + secrets.getProperty("alpha.id"), null));
            assertThat(alpha.get("name").asText()).isEqualTo("alpha-renamed");
            assertThat(alpha.get("role").asText()).as("revision 1 meant operator").isEqualTo("operator");
            assertThat(alpha.get("lastRegeneratedAt").isNull()).isFalse();
            assertThat(service.admin("GET", tokens + "/" + secrets.getProperty("bravo.id"), null).statusCode()).isEqualTo(404);
            assertThat(json(service.admin("GET", tokens + "/" + secrets.getProperty("charlie.id"), null))
                    .get("state").asText()).isEqualTo("inactive");

            assertThat(service.verify(secrets.getProperty("alpha.current"), "i-1")).isEqualTo(204);
            assertThat(service.verify(secrets.getProperty("alpha.first"), "i-1")).isEqualTo(401);
            assertThat(service.verify(secrets.getProperty("delta.current"), "i-1")).isEqualTo(204);
            assertThat(service.verify(secrets.getProperty("delta.first"), "i-1")).isEqualTo(401);
            assertThat(service.verify(secrets.getProperty("delta.second"), "i-1")).isEqualTo(401);
            assertThat(service.verify(secrets.getProperty("bravo.revoked"), "i-1")).isEqualTo(401);
            assertThat(service.verify(secrets.getProperty("charlie.expired"), "i-1")).isEqualTo(401);

            // The command side loads the upcast history too.
            HttpResponse<String> regenerated = service.admin("POST",
                    tokens + "/" + secrets.getProperty("alpha.id") + "/regenerate", null);
            assertThat(regenerated.statusCode()).isEqualTo(200);
            assertThat(service.verify(json(regenerated).get("token").get("content").asText(), "i-1")).isEqualTo(204);
            assertThat(service.verify(secrets.getProperty("alpha.current"), "i-1")).isEqualTo(401);
        }
    }

    /** Puts the fixture's rows first in the store, before what this build wrote; returns how many that was. */
    private long importRevisionOneEvents() throws IOException, SQLException {
        Path csv = dataDir.resolve("revision-1.csv");
        try (InputStream in = getClass().getResourceAsStream(FIXTURE + "domain_event_entry.csv")) {
            Files.copy(in, csv, StandardCopyOption.REPLACE_EXISTING);
        }
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("token-authority"), "", "");
             Statement sql = db.createStatement()) {
            db.setAutoCommit(false);
            // Shift this build's own events (the test instance) behind the old ones, keeping their order.
            sql.execute("UPDATE domain_event_entry SET global_index = global_index + 1000");
            sql.execute("INSERT INTO domain_event_entry (global_index, aggregate_identifier, sequence_number, type,"
                    + " event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp)"
                    + " SELECT CAST(global_index AS BIGINT), aggregate_identifier, CAST(sequence_number AS BIGINT), type,"
                    + " event_identifier, STRINGTOUTF8(meta_data), STRINGTOUTF8(payload), payload_revision, payload_type,"
                    + " time_stamp FROM CSVREAD('" + csv + "', NULL, 'charset=UTF-8')");
            sql.execute("ALTER TABLE domain_event_entry ALTER COLUMN global_index RESTART WITH 2000");
            // The catalogue must see the old events too: its position goes back to the start (its handlers are
            // idempotent, so the rows it has stay valid while it catches up).
            sql.execute("DELETE FROM token_entry");
            db.commit();
            try (var rs = sql.executeQuery("SELECT COUNT(*) FROM domain_event_entry WHERE global_index >= 1000")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = RevisionOneStoreEndToEndTests.class.getResourceAsStream(FIXTURE + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        }
    }
}
