package dev.tokenauthority.app;

import static dev.tokenauthority.app.RunningService.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenauthority.events.secret.SecretHasher;
import dev.tokenauthority.query.authlookup.AuthLookupSnapshot;
import dev.tokenauthority.query.authlookup.AuthLookupSnapshot.Contents;
import dev.tokenauthority.query.authlookup.AuthLookupSnapshot.Witness;
import dev.tokenauthority.query.authlookup.SnapshotKey;
import dev.tokenauthority.query.progress.ReadModelProgress;
import dev.tokenauthority.query.snapshot.AuthLookupSnapshots;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The auth lookup's snapshot through real starts and stops of the service (H2 file, or PostgreSQL in the second
 * run): a clean stop writes one and the next start begins from it, with the same model; each bad snapshot (missing,
 * truncated, tampered, of another key, of another store, ahead of the store, with data after it) is ignored, the
 * model is replayed from the first event, and it ends with the same digest.
 */
class SnapshotEndToEndTests {

    @TempDir
    Path dataDir;

    private final List<String> superseded = new ArrayList<>();
    private final List<String> current = new ArrayList<>();

    @Test
    void aStartBeginsFromTheSnapshotOfTheLastStopAndIgnoresEveryBadOne() throws Exception {
        String expected;
        try (RunningService service = RunningService.start(dataDir)) {
            awaitReady(service);
            write(service);
            expected = authLookupDigest(service);
        }
        byte[] good = snapshotBytes();
        assertThat(good).as("a snapshot written at the clean stop").isNotNull();

        try (RunningService service = RunningService.start(dataDir)) {
            assertThat(service.bean(AuthLookupSnapshots.class).startedFrom()).as("started from the snapshot").isNotNull();
            awaitReady(service);
            // The probes a load balancer follows, open to anyone, without details.
            HttpResponse<String> readiness = service.send("GET", "/actuator/health/readiness", null, null, null);
            assertThat(readiness.statusCode()).isEqualTo(200);
            assertThat(readiness.body()).isEqualTo("{\"status\":\"UP\"}");
            assertThat(service.send("GET", "/actuator/health/liveness", null, null, null).statusCode()).isEqualTo(200);
            assertThat(service.send("GET", "/actuator/env", null, null, null).statusCode()).as("nothing else exposed")
                    .isIn(401, 404);
            assertThat(authLookupDigest(service)).isEqualTo(expected);
            checkSecrets(service);
            write(service); // after the snapshot: the start must follow the store from it
            expected = authLookupDigest(service);
        }

        Map<String, UnaryOperator<byte[]>> badOnes = new LinkedHashMap<>();
        badOnes.put("missing", bytes -> null);
        badOnes.put("truncated", bytes -> Arrays.copyOf(bytes, bytes.length / 2));
        badOnes.put("tampered", bytes -> {
            byte[] tampered = bytes.clone();
            tampered[tampered.length / 2] ^= 0x10;
            return tampered;
        });
        badOnes.put("with data after it", bytes -> Arrays.copyOf(bytes, bytes.length + 7));
        badOnes.put("of another key", bytes -> resigned(bytes, contents -> contents, otherKey()));
        badOnes.put("of another store", bytes -> resigned(bytes, contents -> new Contents(contents.state(),
                contents.position(), new Witness(contents.witness().globalIndex(), UUID.randomUUID().toString()),
                contents.writtenAt()), key()));
        badOnes.put("ahead of the store", bytes -> resigned(bytes, contents -> new Contents(contents.state(),
                GapAwareTrackingToken.newInstance(contents.position().getIndex() + 1_000, contents.position().getGaps()),
                contents.witness(), contents.writtenAt()), key()));
        for (Map.Entry<String, UnaryOperator<byte[]>> bad : badOnes.entrySet()) {
            byte[] valid = snapshotBytes();
            assertThat(valid).as("the snapshot before the case '%s'", bad.getKey()).isNotNull();
            replaceSnapshot(bad.getValue().apply(valid));
            try (RunningService service = RunningService.start(dataDir)) {
                assertThat(service.bean(AuthLookupSnapshots.class).startedFrom())
                        .as("a snapshot %s is ignored", bad.getKey()).isNull();
                awaitReady(service);
                assertThat(authLookupDigest(service)).as("replayed after a snapshot %s", bad.getKey()).isEqualTo(expected);
                checkSecrets(service);
            }
        }
    }

    /** Creates tokens, regenerates some and deletes some through the API, noting which secrets must open. */
    private void write(RunningService service) {
        String tokens = service.tokens();
        for (int i = 0; i < 12; i++) {
            JsonNode token = service.create("{\"name\":\"snap-" + UUID.randomUUID() + "\"}");
            String id = token.get("id").asText();
            String secret = token.get("content").asText();
            if (i % 3 == 0) {
                superseded.add(secret);
                secret = json(service.admin("POST", tokens + "/" + id + "/regenerate", null)).get("token").get("content").asText();
            }
            if (i % 4 == 1) {
                assertThat(service.admin("DELETE", tokens + "/" + id, null).statusCode()).isEqualTo(204);
                superseded.add(secret);
            } else {
                current.add(secret);
            }
        }
    }

    private void checkSecrets(RunningService service) {
        superseded.forEach(secret -> assertThat(service.verify(secret)).as("superseded or deleted").isEqualTo(401));
        current.forEach(secret -> assertThat(service.verify(secret)).as("current").isEqualTo(204));
    }

    private static String authLookupDigest(RunningService service) {
        return json(service.admin("GET", "/v1alpha/replay/digests", null)).get("auth-lookup").asText();
    }

    private static void awaitReady(RunningService service) throws InterruptedException {
        ReadModelProgress progress = service.bean(ReadModelProgress.class);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!progress.acceptsTokens()) {
            assertThat(System.nanoTime()).as("ready within 2 minutes").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    // The snapshot where the store kind keeps it, read and replaced while no service runs.

    private byte[] snapshotBytes() throws IOException {
        if (!RunningService.onPostgres()) {
            Path file = dataDir.resolve("auth-lookup.snapshot");
            return Files.exists(file) ? Files.readAllBytes(file) : null;
        }
        List<byte[]> chunks = RunningService.postgresDatabaseOf(dataDir)
                .query("SELECT content FROM auth_lookup_snapshot_chunk ORDER BY chunk", (row, n) -> row.getBytes(1));
        if (chunks.isEmpty()) {
            return null;
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] chunk : chunks) {
            all.write(chunk);
        }
        return all.toByteArray();
    }

    private void replaceSnapshot(byte[] bytes) throws IOException {
        if (!RunningService.onPostgres()) {
            Path file = dataDir.resolve("auth-lookup.snapshot");
            Files.deleteIfExists(file);
            if (bytes != null) {
                Files.write(file, bytes);
            }
            return;
        }
        JdbcTemplate database = RunningService.postgresDatabaseOf(dataDir);
        database.update("DELETE FROM auth_lookup_snapshot_chunk");
        if (bytes != null) {
            database.update("INSERT INTO auth_lookup_snapshot_chunk (chunk, content) VALUES (0, ?)", (Object) bytes);
        }
    }

    /** The snapshot's contents, changed, and signed again as a node with {@code key} would sign them. */
    private byte[] resigned(byte[] bytes, UnaryOperator<Contents> change, SnapshotKey key) {
        try {
            Contents contents = AuthLookupSnapshot.read(new ByteArrayInputStream(bytes), key());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            AuthLookupSnapshot.write(out, change.apply(contents), key);
            return out.toByteArray();
        } catch (IOException | AuthLookupSnapshot.InvalidSnapshot e) {
            throw new AssertionError(e);
        }
    }

    private SnapshotKey key() {
        try {
            return new SnapshotKey(new SecretHasher(java.util.Base64.getDecoder()
                    .decode(Files.readString(dataDir.resolve("hmac.key")).strip())));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static SnapshotKey otherKey() {
        byte[] other = new byte[32];
        Arrays.fill(other, (byte) 3);
        return new SnapshotKey(new SecretHasher(other));
    }
}
