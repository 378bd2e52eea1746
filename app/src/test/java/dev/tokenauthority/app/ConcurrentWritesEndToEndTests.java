package dev.tokenauthority.app;

import static dev.tokenauthority.app.RunningService.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 16 clients write at once while the processors read: afterwards each read model equals a fold of the event
 * store. The auth lookup and the catalogue are rebuilt from the first event by the service's own replay and must
 * have the same digests; the audit trail must hold exactly one entry per token and instance event of the store;
 * every secret last handed out opens, every one it replaced does not.
 */
class ConcurrentWritesEndToEndTests {

    private static final int CLIENTS = 16;
    private static final int CALLS_PER_CLIENT = 40;

    @TempDir
    Path dataDir;

    @Test
    void sixteenWritersLeaveReadModelsEqualToAFoldOfTheEventStore() throws Exception {
        try (RunningService service = RunningService.start(dataDir)) {
            Map<String, String> current = new ConcurrentHashMap<>();
            Set<String> superseded = ConcurrentHashMap.newKeySet();
            List<String> failures = new ArrayList<>();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                running.add(clients.submit(() -> write(service, client, current, superseded, failures)));
            }
            for (Future<?> client : running) {
                client.get(5, TimeUnit.MINUTES);
            }
            clients.shutdown();
            assertThat(failures).isEmpty();

            HttpResponse<String> replay = service.admin("POST", "/v1alpha/replay", null);
            assertThat(replay.statusCode()).isEqualTo(202);
            JsonNode status = awaitReplay(service);
            status.get("digests").properties().forEach(model ->
                    assertThat(model.getValue().get("identical").asBoolean()).as(model.getKey() + " " + model.getValue()).isTrue());

            assertThat(auditedEvents(service)).as("audit trail, one entry per event").isEqualTo(storedEvents(service));
            for (Map.Entry<String, String> token : current.entrySet()) {
                assertThat(service.verify(token.getValue())).as("current secret of " + token.getKey()).isEqualTo(204);
            }
            for (String old : superseded) {
                assertThat(service.verify(old)).as("a superseded secret").isEqualTo(401);
            }
        }
    }

    private static void write(RunningService service, int client, Map<String, String> current, Set<String> superseded,
                              List<String> failures) {
        Random random = new Random(client);
        List<String> mine = new ArrayList<>();
        for (int call = 0; call < CALLS_PER_CLIENT; call++) {
            int roll = random.nextInt(10);
            if (mine.isEmpty() || roll < 4) {
                HttpResponse<String> created = service.admin("POST", service.tokens(),
                        "{\"name\":\"c" + client + "-" + call + "\"}");
                expect(failures, created, 201);
                if (created.statusCode() == 201) {
                    JsonNode token = json(created).get("token");
                    mine.add(token.get("id").asText());
                    current.put(token.get("id").asText(), token.get("content").asText());
                }
            } else if (roll < 7) {
                String id = mine.get(random.nextInt(mine.size()));
                HttpResponse<String> regenerated = service.admin("POST", service.tokens() + "/" + id + "/regenerate", null);
                expect(failures, regenerated, 200);
                if (regenerated.statusCode() == 200) {
                    superseded.add(current.put(id, json(regenerated).get("token").get("content").asText()));
                }
            } else if (roll < 9) {
                String id = mine.get(random.nextInt(mine.size()));
                expect(failures, service.admin("PATCH", service.tokens() + "/" + id, "{\"description\":\"call " + call + "\"}"), 200);
            } else {
                String id = mine.remove(random.nextInt(mine.size()));
                expect(failures, service.admin("DELETE", service.tokens() + "/" + id, null), 204);
                superseded.add(current.remove(id));
            }
        }
    }

    private static void expect(List<String> failures, HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            synchronized (failures) {
                failures.add(response.statusCode() + " " + response.body());
            }
        }
    }

    private static JsonNode awaitReplay(RunningService service) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        JsonNode status = json(service.admin("GET", "/v1alpha/replay", null));
        while (!status.get("state").asText().equals("done") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = json(service.admin("GET", "/v1alpha/replay", null));
        }
        assertThat(status.get("state").asText()).isEqualTo("done");
        return status;
    }

    /** (position, event type) of every token and instance event in the store. */
    private static Set<String> storedEvents(RunningService service) {
        return new HashSet<>(service.database().queryForList("SELECT global_index || ':' || payload_type FROM domain_event_entry"
                + " WHERE payload_type LIKE 'dev.tokenauthority.events.token.%'"
                + " OR payload_type LIKE 'dev.tokenauthority.events.instance.%'", String.class).stream()
                .map(entry -> entry.substring(0, entry.indexOf(':') + 1) + entry.substring(entry.lastIndexOf('.') + 1))
                .toList());
    }

    private static Set<String> auditedEvents(RunningService service) {
        return new HashSet<>(service.database().queryForList("SELECT global_index || ':' || event_type FROM audit_entry",
                String.class));
    }
}
