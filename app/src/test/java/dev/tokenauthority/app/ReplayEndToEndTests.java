package dev.tokenauthority.app;

import static dev.tokenauthority.app.RunningService.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenauthority.command.token.CreateToken;
import dev.tokenauthority.command.token.RegenerateToken;
import dev.tokenauthority.command.token.UpdateToken;
import dev.tokenauthority.command.token.RevokeToken;
import dev.tokenauthority.command.token.TokenPath;
import dev.tokenauthority.events.access.Role;
import dev.tokenauthority.events.secret.SecretHasher;
import dev.tokenauthority.events.secret.TokenSecrets;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay of a store of more than 100,000 events (17,500 on PostgreSQL), generated through the command bus: while
 * it runs, verify calls are answered from the old model; when done, each rebuilt model's digest equals the one it
 * replaced, and exactly the newest secret of each live token opens — the classic pitfall included. A replay with
 * writes going on: not one is refused, and every write acknowledged during it is in the switched-to models. A stop
 * in the middle of a replay leaves the catalogue where its live tables are for the next start.
 */
class ReplayEndToEndTests {

    /** Leak signals (a superseded secret verified) recorded within 100 ms, and again for the same token. */
    private static final String[] SIGNALS_AT_ONCE = {"--token-authority.signals.flush-interval=100ms",
            "--token-authority.signals.repeat-interval=100ms"};

    // 3 events each, a 4th (revoke) for every odd one: 101,500 events on H2; on PostgreSQL, where every command
    // waits for its commit to reach the disk, 17,500 keep the suite's second run short.
    private static final int TOKENS = RunningService.onPostgres() ? 5_000 : 29_000;
    private static final long MIN_EVENTS = TOKENS * 7L / 2;
    private static final int THREADS = 4;

    @TempDir
    Path dataDir;

    record Issued(String first, String current, boolean revoked) {
    }

    @Test
    void replayOfMoreThanAHundredThousandEventsRebuildsIdenticalModels() throws Exception {
        List<String> positionBeforeReplay;
        Map<String, String> digestsBeforeReplay;
        try (RunningService service = RunningService.start(dataDir, SIGNALS_AT_ONCE)) {
            // The pitfall, through the API: regenerated twice then revoked; regenerated once.
            String tokens = service.tokens();
            JsonNode twice = service.create("{\"name\":\"twice\"}");
            String t1 = twice.get("content").asText();
            String t2 = regenerate(service, tokens, twice.get("id").asText());
            String t3 = regenerate(service, tokens, twice.get("id").asText());
            assertThat(service.admin("DELETE", tokens + "/" + twice.get("id").asText(), null).statusCode()).isEqualTo(204);
            JsonNode once = service.create("{\"name\":\"once\"}");
            String o1 = once.get("content").asText();
            String o2 = regenerate(service, tokens, once.get("id").asText());

            Map<Integer, Issued> sample = generate(service);
            // one more call through the API: when it answers, the read models have caught up with everything
            service.create("{\"name\":\"last\"}");
            assertThat(service.eventCount()).isGreaterThanOrEqualTo(MIN_EVENTS);
            Map<String, String> before = digests(service);

            HttpResponse<String> started = service.admin("POST", "/v1alpha/replay", null);
            assertThat(started.statusCode()).isEqualTo(202);
            assertThat(json(started).get("state").asText()).isEqualTo("running");
            // while it runs: the old model answers
            assertThat(service.verify(o2)).isEqualTo(204);
            assertThat(service.admin("POST", "/v1alpha/replay", null).statusCode()).isEqualTo(409);

            JsonNode done = awaitDone(service);
            assertThat(done.get("eventsDone").asLong()).isGreaterThanOrEqualTo(MIN_EVENTS);
            assertThat(done.get("eventsPerSecond").asDouble()).isPositive();
            for (String model : List.of("auth-lookup", "catalogue")) {
                JsonNode check = done.get("digests").get(model);
                assertThat(check.get("identical").asBoolean()).as(model + ": " + check).isTrue();
                assertThat(check.get("after").asText()).isEqualTo(before.get(model));
            }
            assertThat(digests(service)).isEqualTo(before);

            for (String secret : List.of(t1, t2, t3, o1)) {
                assertThat(service.verify(secret)).isEqualTo(401);
            }
            assertThat(service.verify(o2)).isEqualTo(204);
            sample.forEach((i, issued) -> {
                assertThat(service.verify(issued.first())).as("token %d's first secret", i).isEqualTo(401);
                assertThat(service.verify(issued.current())).as("token %d's newest secret", i)
                        .isEqualTo(issued.revoked() ? 401 : 204);
            });
            assertThat(service.admin("POST", tokens, "{\"name\":\"after\"}").statusCode()).isEqualTo(201);

            writesDuringAReplayAreAllAcceptedAndAllKept(service, tokens);

            // A stop in the middle of a replay (of these events, seconds long)...
            settled(service);
            positionBeforeReplay = catalogueTokens(service);
            digestsBeforeReplay = digests(service);
            startReplay(service);
        }
        // ...and the next start puts the catalogue back where its live tables are, not where the replay got to.
        try (RunningService restarted = RunningService.start(dataDir, SIGNALS_AT_ONCE)) {
            assertThat(catalogueTokens(restarted)).isEqualTo(positionBeforeReplay);
            awaitDigests(restarted, digestsBeforeReplay);
            startReplay(restarted);
            JsonNode done = awaitDone(restarted);
            for (String model : List.of("auth-lookup", "catalogue")) {
                assertThat(done.get("digests").get(model).get("identical").asBoolean()).as(model).isTrue();
            }
            assertThat(digests(restarted)).isEqualTo(digestsBeforeReplay);
        }
    }

    /** A token written during a replay: its secrets, newest last, and whether it was deleted. */
    record Written(String id, List<String> secrets, boolean deleted) {
    }

    /**
     * Creates, regenerates and deletes tokens through the API for as long as a replay runs: every call must succeed,
     * and once the replay has switched models, each one's effect must be in them (list, verify) and a replay with no
     * writes going on must rebuild exactly those models.
     */
    private static void writesDuringAReplayAreAllAcceptedAndAllKept(RunningService service, String tokens)
            throws InterruptedException {
        startReplay(service);
        List<Written> written = new ArrayList<>();
        int refused = 0;
        int duringTheReplay = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        for (int i = 0; System.nanoTime() < deadline; i++) {
            boolean replaying = json(service.admin("GET", "/v1alpha/replay", null)).get("state").asText().equals("running");
            if (!replaying && duringTheReplay > 0) {
                break;
            }
            HttpResponse<String> created = service.admin("POST", tokens, "{\"name\":\"during-" + i + "\"}");
            if (created.statusCode() != 201) {
                refused++;
                continue;
            }
            JsonNode token = json(created).get("token");
            assertThat(token).as("create answered %s", created.body()).isNotNull();
            assertThat(token.get("content")).as("create answered %s", created.body()).isNotNull();
            List<String> secrets = new ArrayList<>(List.of(token.get("content").asText()));
            String id = token.get("id").asText();
            if (i % 3 == 0) {
                HttpResponse<String> regenerated = service.admin("POST", tokens + "/" + id + "/regenerate", null);
                if (regenerated.statusCode() == 200) {
                    secrets.add(json(regenerated).get("token").get("content").asText());
                } else {
                    refused++;
                }
            }
            boolean deleted = i % 5 == 0 && service.admin("DELETE", tokens + "/" + id, null).statusCode() == 204;
            written.add(new Written(id, secrets, deleted));
            duringTheReplay += replaying ? 1 : 0;
        }
        assertThat(refused).as("write calls refused during the replay").isZero();
        assertThat(duringTheReplay).as("writes made while the replay ran").isPositive();
        JsonNode done = awaitDone(service);
        for (String model : List.of("auth-lookup", "catalogue")) {
            assertThat(done.get("digests").get(model).path("identical").asBoolean(true)).as(model).isTrue();
        }
        for (Written token : written) {
            List<String> secrets = token.secrets();
            assertThat(service.verify(secrets.get(secrets.size() - 1))).as("newest secret of %s", token.id())
                    .isEqualTo(token.deleted() ? 401 : 204);
            secrets.subList(0, secrets.size() - 1).forEach(old ->
                    assertThat(service.verify(old)).as("superseded secret of %s", token.id()).isEqualTo(401));
            assertThat(service.admin("GET", tokens + "/" + token.id(), null).statusCode()).as("token %s listed", token.id())
                    .isEqualTo(token.deleted() ? 404 : 200);
        }
        Map<String, String> switchedTo = settled(service);
        startReplay(service);
        JsonNode quiet = awaitDone(service);
        for (String model : List.of("auth-lookup", "catalogue")) {
            assertThat(quiet.get("digests").get(model).get("identical").asBoolean()).as(model).isTrue();
        }
        assertThat(digests(service)).as("a replay without writes rebuilds the switched-to models exactly")
                .isEqualTo(switchedTo);
    }

    /**
     * Starts a replay: 202, after 409s while a processor is still catching up (after a start, or right after the
     * last replay's switch restarted them; the audit trail's on PostgreSQL).
     */
    private static void startReplay(RunningService service) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> started = service.admin("POST", "/v1alpha/replay", null);
        while (started.statusCode() == 409 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            started = service.admin("POST", "/v1alpha/replay", null);
        }
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    }

    /** The catalogue processor's stored tokens, as Axon serialised them. */
    private static List<String> catalogueTokens(RunningService service) {
        return service.database().query("SELECT token_type, token FROM token_entry"
                + " WHERE processor_name = 'catalogue' ORDER BY segment",
                (row, n) -> row.getString(1) + ":" + java.util.HexFormat.of().formatHex(row.getBytes(2)));
    }

    /** Digests once both read models have caught up after a start. */
    private static void awaitDigests(RunningService service, Map<String, String> expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        Map<String, String> current = Map.of();
        while (System.nanoTime() < deadline) {
            current = digests(service);
            if (current.equals(expected)) {
                return;
            }
            Thread.sleep(200);
        }
        assertThat(current).as("digests after the restart").isEqualTo(expected);
    }

    private static String regenerate(RunningService service, String tokens, String id) {
        return json(service.admin("POST", tokens + "/" + id + "/regenerate", null)).get("token").get("content").asText();
    }

    /** Creates, regenerates, renames and (every other one) revokes tokens through the command bus. */
    private static Map<Integer, Issued> generate(RunningService service) throws Exception {
        CommandGateway commands = service.bean(CommandGateway.class);
        SecretHasher hasher = service.bean(SecretHasher.class);
        TokenPath path = new TokenPath(RunningService.PROJECT, RunningService.REGION, service.instanceId());
        Map<Integer, Issued> sample = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                work.add(pool.submit(() -> {
                    SecureRandom random = new SecureRandom();
                    for (int i = thread; i < TOKENS; i += THREADS) {
                        String id = UUID.randomUUID().toString();
                        String first = TokenSecrets.generate(random);
                        commands.sendAndWait(new CreateToken(id, path, null, Role.OPERATOR, "bulk-" + i, "", Map.of(),
                                Duration.ofDays(30), hasher.hash(first), null));
                        String current = TokenSecrets.generate(random);
                        commands.sendAndWait(new RegenerateToken(id, path, hasher.hash(current)));
                        commands.sendAndWait(UpdateToken.rename(id, path, "renamed-" + i, null));
                        boolean revoked = i % 2 == 1;
                        if (revoked) {
                            commands.sendAndWait(new RevokeToken(id, path));
                        }
                        if (i % 1000 == 0 || i % 1000 == 1) {
                            sample.put(i, new Issued(first, current, revoked));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> done : work) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return sample;
    }

    /**
     * The digests once the leak signals of the superseded secrets just verified are recorded (sent as events a moment
     * after the verifications, here within 100 ms): the same over half a second, within 10 s.
     */
    private static Map<String, String> settled(RunningService service) throws InterruptedException {
        Map<String, String> before = digests(service);
        for (int attempt = 0; attempt < 20; attempt++) {
            Thread.sleep(500);
            Map<String, String> now = digests(service);
            if (now.equals(before)) {
                return now;
            }
            before = now;
        }
        throw new AssertionError("the read models kept changing without a write");
    }

    private static Map<String, String> digests(RunningService service) {
        JsonNode digests = json(service.admin("GET", "/v1alpha/replay/digests", null));
        return Map.of("auth-lookup", digests.get("auth-lookup").asText(), "catalogue", digests.get("catalogue").asText());
    }

    private static JsonNode awaitDone(RunningService service) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = json(service.admin("GET", "/v1alpha/replay", null));
            if (status.get("state").asText().equals("done")) {
                return status;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the replay did not finish within 5 minutes");
    }
}
