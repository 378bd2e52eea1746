package dev.tokenauthority.app;

import static dev.tokenauthority.app.RunningService.awaitTrue;
import static dev.tokenauthority.app.RunningService.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What must survive a restart of the one-process service on its H2 file: tokens, secrets, deadlines, keys. */
class PersistenceEndToEndTests {

    /** The db-scheduler task of Axon's deadlines (the expiries). */
    private static final String DEADLINE_TASK = "AxonDeadline";

    @TempDir
    Path dataDir;

    @Test
    void restartKeepsTokensSecretsAndRegenerations() {
        String id;
        String oldSecret;
        String newSecret;
        try (RunningService service = RunningService.start(dataDir)) {
            JsonNode created = service.create("{\"name\":\"durable\"}");
            id = created.get("id").asText();
            oldSecret = created.get("content").asText();
            newSecret = json(service.admin("POST", service.tokens() + "/" + id + "/regenerate", null))
                    .get("token").get("content").asText();
            service.admin("PATCH", service.tokens() + "/" + id, "{\"description\":\"before restart\"}");
        }
        try (RunningService service = RunningService.start(dataDir)) {
            JsonNode token = json(service.admin("GET", service.tokens() + "/" + id, null));
            assertThat(token.get("description").asText()).isEqualTo("before restart");
            assertThat(json(service.admin("GET", service.tokens(), null)).get("tokens").findValuesAsText("id")).containsExactly(id);
            // The auth-lookup index was rebuilt by replaying the event store: only the newest secret opens.
            assertThat(service.verify(newSecret)).isEqualTo(204);
            assertThat(service.verify(oldSecret)).isEqualTo(401);
            assertThat(service.admin("DELETE", service.tokens() + "/" + id, null).statusCode()).isEqualTo(204);
        }
        try (RunningService service = RunningService.start(dataDir)) {
            assertThat(service.verify(newSecret)).isEqualTo(401);
            assertThat(service.admin("GET", service.tokens() + "/" + id, null).statusCode()).isEqualTo(404);
            assertThat(service.database().queryForObject(
                    "SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = ?", Long.class, id))
                    .as("created, regenerated, renamed, revoked: history stays").isEqualTo(4);
        }
    }

    @Test
    void expiryDeadlineFiresAndTheTokenTurnsInactive() {
        try (RunningService service = RunningService.start(dataDir)) {
            JsonNode created = service.create("{\"name\":\"short\",\"ttlDuration\":\"2s\"}");
            String id = created.get("id").asText();
            assertThat(service.verify(created.get("content").asText())).isEqualTo(204);
            awaitTrue(Duration.ofSeconds(20), () -> service.eventCount("TokenExpired") == 1);
            JsonNode token = json(service.admin("GET", service.tokens() + "/" + id, null));
            assertThat(token.get("state").asText()).isEqualTo("inactive");
            assertThat(service.verify(created.get("content").asText())).isEqualTo(401);
            assertThat(service.admin("POST", service.tokens() + "/" + id + "/regenerate", null).statusCode()).isEqualTo(409);
            assertThat(service.admin("PATCH", service.tokens() + "/" + id, "{\"name\":\"late\"}").statusCode()).isEqualTo(409);
            JsonNode expiry = json(service.admin("GET", "/v1alpha/projects/p-1/audit?eventType=TokenExpired&tokenId=" + id,
                    null)).get("entries").get(0);
            assertThat(expiry.get("actor").asText()).as("expiries are the system's doing").isEqualTo("system");
            assertThat(expiry.has("requestId")).isFalse();
            assertThat(service.admin("DELETE", service.tokens() + "/" + id, null).statusCode()).isEqualTo(204);
        }
    }

    /**
     * H2 can lose the row of a deadline in a crash, with the token's creation in the store (h2database #2080): the
     * overdue-expiry sweep makes up for it, once. The row is deleted here as such a file loses it.
     */
    @Test
    void aLostExpiryDeadlineIsMadeUpForByTheOverdueSweepOnce() throws InterruptedException {
        try (RunningService service = RunningService.start(dataDir, "--token-authority.expiries.overdue-after=1s",
                "--token-authority.expiries.overdue-sweep-interval=300ms")) {
            JsonNode created = service.create("{\"name\":\"deadline-lost\",\"ttlDuration\":\"3s\"}");
            String id = created.get("id").asText();
            assertThat(service.database().update("DELETE FROM scheduled_tasks WHERE task_name = ?", DEADLINE_TASK))
                    .as("the token's expiry deadline").isOne();

            awaitTrue(Duration.ofSeconds(30), () -> service.eventCount("TokenExpired") == 1);
            assertThat(json(service.admin("GET", service.tokens() + "/" + id, null)).get("state").asText())
                    .isEqualTo("inactive");
            assertThat(service.verify(created.get("content").asText())).isEqualTo(401);
            Thread.sleep(2_000); // several more sweeps
            assertThat(service.eventCount("TokenExpired")).as("expired once").isEqualTo(1);
        }
    }

    @Test
    void deadlineScheduledBeforeRestartFiresAfterIt() throws Exception {
        Instant validUntil;
        String id;
        try (RunningService service = RunningService.start(dataDir)) {
            JsonNode created = service.create("{\"name\":\"outlives\",\"ttlDuration\":\"3s\"}");
            id = created.get("id").asText();
            validUntil = Instant.parse(created.get("validUntil").asText());
            assertThat(service.eventCount("TokenExpired")).isZero();
        }
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), validUntil).toMillis()) + 500);
        try (RunningService service = RunningService.start(dataDir)) {
            awaitTrue(Duration.ofSeconds(20), () -> service.eventCount("TokenExpired") == 1);
            assertThat(json(service.admin("GET", service.tokens() + "/" + id, null)).get("state").asText()).isEqualTo("inactive");
        }
    }

    @Test
    void keysAreGeneratedOwnerOnlyOnFirstStartAndKeptAfterwards() throws Exception {
        String secret;
        try (RunningService service = RunningService.start(dataDir, "--token-authority.admin-key=")) {
            Path adminKey = dataDir.resolve("admin.key");
            assertThat(Files.getPosixFilePermissions(adminKey)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(dataDir.resolve("hmac.key")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            String key = Files.readString(adminKey).strip();
            assertThat(service.send("GET", service.tokens(), null, null, key).statusCode()).isEqualTo(200);
            assertThat(service.send("GET", service.tokens(), null, null, RunningService.ADMIN_KEY).statusCode()).isEqualTo(401);
            secret = json(service.send("POST", service.tokens(), "{\"name\":\"k\"}", "application/json", key))
                    .get("token").get("content").asText();
        }
        try (RunningService service = RunningService.start(dataDir)) {
            // same HMAC key from the file: the secret still hashes to what the events hold
            assertThat(service.verify(secret)).isEqualTo(204);
        }
    }

    @Test
    void replayOnStartRunsOnceTheModelsHaveCaughtUp() {
        String secret;
        try (RunningService service = RunningService.start(dataDir)) {
            secret = service.create("{\"name\":\"before\"}").get("content").asText();
            for (int i = 0; i < 300; i++) { // a store the auth lookup needs a moment to replay at the next start
                service.create("{\"name\":\"filler-" + i + "\"}");
            }
        }
        try (RunningService service = RunningService.start(dataDir, "--token-authority.replay-on-start=true")) {
            awaitTrue(Duration.ofSeconds(60), () -> json(service.admin("GET", "/v1alpha/replay", null))
                    .get("state").asText().equals("done"));
            JsonNode done = json(service.admin("GET", "/v1alpha/replay", null));
            assertThat(done.get("eventsDone").asLong()).isGreaterThanOrEqualTo(302);
            done.get("digests").properties().forEach(model ->
                    assertThat(model.getValue().get("identical").asBoolean()).as(model.getKey()).isTrue());
            assertThat(service.verify(secret)).isEqualTo(204);
        }
    }
}
