package dev.tokenauthority.app;

import static dev.tokenauthority.app.RunningService.awaitTrue;
import static dev.tokenauthority.app.RunningService.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No event is ever skipped: an append that commits late (after events appended after it, after the gap closer's
 * grace, across a replay) reaches every read model; an append that never commits leaves a gap that is closed.
 * The late append is written here as a slow node would write it: a TokenRevoked row inserted in a transaction
 * that stays open while other calls commit.
 */
class EventStoreGapEndToEndTests {

    private static final String REVOKED = "dev.tokenauthority.events.token.TokenRevoked";
    private static final String GAP_CLOSED = "dev.tokenauthority.events.store.EventStoreGapClosed";

    @TempDir
    Path dataDir;

    @Test
    void aRevocationCommittedLongAfterLaterEventsStillTakesEffectEverywhere() throws Exception {
        try (RunningService service = RunningService.start(dataDir, "--token-authority.event-store.gap-grace=1s")) {
            JsonNode token = service.create("{\"name\":\"revoked-late\"}");
            String id = token.get("id").asText();
            String secret = token.get("content").asText();
            DataSource dataSource = service.bean(DataSource.class);

            long lateIndex;
            try (Connection late = dataSource.getConnection()) {
                late.setAutoCommit(false);
                lateIndex = appendRevocation(late, id);
                // Meanwhile: later events commit, the gap closer's grace passes several times, a replay runs.
                for (int i = 0; i < 5; i++) {
                    service.create("{\"name\":\"meanwhile-" + i + "\"}");
                }
                Thread.sleep(4_000);
                assertThat(service.admin("POST", "/v1alpha/replay", null).statusCode()).isEqualTo(202);
                awaitTrue(Duration.ofSeconds(60), () -> json(service.admin("GET", "/v1alpha/replay", null))
                        .get("state").asText().equals("done"));
                assertThat(service.verify(secret)).as("not committed yet").isEqualTo(204);
                late.commit();
            }

            awaitTrue(Duration.ofSeconds(20), () -> service.verify(secret) == 401);
            awaitTrue(Duration.ofSeconds(20), () -> service.admin("GET", service.tokens() + "/" + id, null).statusCode() == 404);
            awaitTrue(Duration.ofSeconds(20), () -> json(service.admin("GET", service.tokens() + "/" + id + "/audit", null))
                    .get("entries").findValuesAsText("eventType").contains("TokenRevoked"));
            assertThat(payloadTypeAt(dataSource, lateIndex)).as("the late event, not a placeholder").isEqualTo(REVOKED);
        }
    }

    @Test
    void anAppendThatNeverCommitsLeavesAGapThatIsClosedAndNothingElseChanges() throws Exception {
        try (RunningService service = RunningService.start(dataDir, "--token-authority.event-store.gap-grace=1s")) {
            JsonNode token = service.create("{\"name\":\"survivor\"}");
            String id = token.get("id").asText();
            DataSource dataSource = service.bean(DataSource.class);
            long lostIndex;
            try (Connection lost = dataSource.getConnection()) {
                lost.setAutoCommit(false);
                lostIndex = appendRevocation(lost, id);
                lost.rollback();
            }
            service.create("{\"name\":\"after-the-gap\"}");

            awaitTrue(Duration.ofSeconds(20), () -> GAP_CLOSED.equals(payloadTypeAt(dataSource, lostIndex)));
            assertThat(service.verify(token.get("content").asText())).isEqualTo(204);
            assertThat(service.admin("GET", service.tokens() + "/" + id, null).statusCode()).isEqualTo(200);
            JsonNode created = service.create("{\"name\":\"after-the-closed-gap\"}");
            assertThat(service.verify(created.get("content").asText())).isEqualTo(204);
        }
    }

    /** Inserts a TokenRevoked for the token, as Axon would, without committing; returns its position. */
    private static long appendRevocation(Connection connection, String tokenId) throws SQLException {
        long sequence;
        byte[] metaData;
        try (PreparedStatement last = connection.prepareStatement("SELECT sequence_number, meta_data FROM domain_event_entry"
                + " WHERE aggregate_identifier = ? ORDER BY sequence_number DESC LIMIT 1")) {
            last.setString(1, tokenId);
            try (ResultSet row = last.executeQuery()) {
                assertThat(row.next()).isTrue();
                sequence = row.getLong(1) + 1;
                metaData = row.getBytes(2);
            }
        }
        String eventId = UUID.randomUUID().toString();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO domain_event_entry (aggregate_identifier,"
                + " sequence_number, type, event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp)"
                + " VALUES (?, ?, 'Token', ?, ?, ?, '1', ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, tokenId);
            insert.setLong(2, sequence);
            insert.setString(3, eventId);
            insert.setBytes(4, metaData);
            insert.setBytes(5, ("{\"tokenId\":\"" + tokenId + "\",\"revokedAt\":\"2026-11-29T12:00:00Z\"}")
                    .getBytes(StandardCharsets.UTF_8));
            insert.setString(6, REVOKED);
            insert.setString(7, java.time.Instant.now().toString());
            insert.executeUpdate();
        }
        try (PreparedStatement index = connection.prepareStatement(
                "SELECT global_index FROM domain_event_entry WHERE event_identifier = ?")) {
            index.setString(1, eventId);
            try (ResultSet row = index.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getLong(1);
            }
        }
    }

    private static String payloadTypeAt(DataSource dataSource, long globalIndex) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT payload_type FROM domain_event_entry WHERE global_index = ?")) {
            select.setLong(1, globalIndex);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
