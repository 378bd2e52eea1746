package dev.tokenauthority.app.battery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenauthority.app.process.Api;
import dev.tokenauthority.app.process.ServiceLauncher;
import dev.tokenauthority.app.process.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Battery test 3: tokens with short lifetimes, the service stopped before any is due and started after all are:
 * each expires exactly once (one {@code TokenExpired} in the event store's audit trail), none verifies afterwards,
 * and a second restart fires none again. Tokens with a long lifetime beside them must not expire.
 */
@Tag(Battery.TAG)
class ExpiryAcrossRestartsIT {

    private static final String ADMIN_KEY = "battery-expiry-admin-key-0123456789-0123456789";
    private static final String PROJECT = "p-expiry";
    private static final String REGION = "eu01";
    /**
     * Long enough to issue every token and stop the service before the first is due, with 5 s to spare: in CI 220
     * tokens, which took more than the 5 s that a 10 s lifetime left on a clean-clone run (2026-12-02).
     */
    private static final int LIFETIME_SECONDS = Battery.scaled(20, 45);
    private static final Duration EXPIRY_LIMIT = Duration.ofSeconds(90);

    private record Issued(String id, String secret, Instant validUntil, boolean shortLived) {
    }

    static Stream<Arguments> deployments() {
        return Battery.stores(Battery.H2).map(store -> Arguments.of(store, store.equals(Battery.H2)
                ? ServiceLauncher.packagedJarOnH2(ADMIN_KEY) : ServiceLauncher.packagedJarOnPostgres(ADMIN_KEY)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void everyTokenDueWhileTheServiceWasDownExpiresExactlyOnce(String deployment, ServiceLauncher launcher) throws Exception {
        int shortLived = Battery.scaled(200, 1_000);
        int longLived = shortLived / 10;
        Path work = Files.createDirectories(Path.of("target", "battery-it").toAbsolutePath());
        Path dataDir = Files.createTempDirectory(work, "expiry-");
        Path log = work.resolve(dataDir.getFileName() + ".log");

        ServiceProcess service = launcher.start(dataDir, log);
        List<Issued> issued;
        String instanceId;
        try {
            Api api = new Api(service);
            Api.Answer instance = api.admin("POST", instances(), "{\"type\":\"app\",\"name\":\"expiry\"}");
            assertThat(instance.status()).as(instance.body()).isEqualTo(201);
            instanceId = instance.json().get("id").asText();
            issued = issue(api, instanceId, shortLived, longLived);
            Instant firstDue = issued.stream().filter(Issued::shortLived).map(Issued::validUntil).min(Instant::compareTo).orElseThrow();
            assertThat(Instant.now()).as("all tokens issued and the service about to stop before the first is due")
                    .isBefore(firstDue.minusSeconds(5));
        } finally {
            service.stop();
        }
        Instant lastDue = issued.stream().filter(Issued::shortLived).map(Issued::validUntil).max(Instant::compareTo).orElseThrow();
        long waitMillis = Duration.between(Instant.now(), lastDue).toMillis() + 2_000;
        Thread.sleep(Math.max(0, waitMillis));

        Map<String, Integer> afterFirstStart;
        int verifiedAfterExpiry = 0;
        int longLivedRefused = 0;
        service = launcher.start(dataDir, log);
        try {
            Api api = new Api(service);
            afterFirstStart = awaitExpiries(api, issued);
            for (Issued token : issued) {
                int status = api.verify(token.secret(), PROJECT, REGION, instanceId);
                verifiedAfterExpiry += token.shortLived() && status == 204 ? 1 : 0;
                longLivedRefused += !token.shortLived() && status != 204 ? 1 : 0;
            }
        } finally {
            service.stop();
        }
        // A second start must not fire any of them again (a deadline left behind, or one rescheduled on replay).
        Map<String, Integer> expiries;
        service = launcher.start(dataDir, log);
        try {
            Thread.sleep(5_000);
            expiries = expiryCounts(new Api(service));
        } finally {
            service.stop();
        }

        long dueAndExpiredAfterFirstStart = issued.stream()
                .filter(t -> t.shortLived() && afterFirstStart.getOrDefault(t.id(), 0) >= 1).count();
        long exactlyOnce = issued.stream().filter(t -> t.shortLived() && expiries.getOrDefault(t.id(), 0) == 1).count();
        long never = issued.stream().filter(t -> t.shortLived() && expiries.getOrDefault(t.id(), 0) == 0).count();
        long moreThanOnce = issued.stream().filter(t -> t.shortLived() && expiries.getOrDefault(t.id(), 0) > 1).count();
        long longLivedExpired = issued.stream().filter(t -> !t.shortLived() && expiries.getOrDefault(t.id(), 0) > 0).count();
        new BatteryFigures("3 expiry across restarts", deployment)
                .context("tokens due while the service was down (beside " + longLived + " long-lived)", Integer.toString(shortLived))
                .exactly("expired within " + EXPIRY_LIMIT.toSeconds() + " s of the start", dueAndExpiredAfterFirstStart, shortLived)
                .exactly("expired exactly once (after a second restart)", exactlyOnce, shortLived)
                .exactly("never expired", never, 0)
                .exactly("expired more than once", moreThanOnce, 0)
                .exactly("expired tokens verified after their expiry", verifiedAfterExpiry, 0)
                .exactly("long-lived tokens expired or refused", longLivedExpired + longLivedRefused, 0)
                .assertAllMet();
    }

    private static List<Issued> issue(Api api, String instanceId, int shortLived, int longLived) throws Exception {
        String collection = instances() + "/" + instanceId + "/tokens";
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<Issued>> calls = new ArrayList<>();
        for (int i = 0; i < shortLived + longLived; i++) {
            boolean isShort = i < shortLived;
            String body = "{\"name\":\"expiry-" + i + "\",\"ttlDuration\":\"" + (isShort ? LIFETIME_SECONDS + "s" : "1d") + "\"}";
            calls.add(clients.submit(() -> {
                Api.Answer answer = api.admin("POST", collection, body);
                assertThat(answer.status()).as(answer.body()).isEqualTo(201);
                JsonNode token = answer.json().get("token");
                return new Issued(token.get("id").asText(), token.get("content").asText(),
                        Instant.parse(token.get("validUntil").asText()), isShort);
            }));
        }
        List<Issued> issued = new ArrayList<>();
        for (Future<Issued> call : calls) {
            issued.add(call.get(2, TimeUnit.MINUTES));
        }
        clients.shutdown();
        return issued;
    }

    private static Map<String, Integer> awaitExpiries(Api api, List<Issued> issued) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + EXPIRY_LIMIT.toNanos();
        Map<String, Integer> counts = expiryCounts(api);
        while (System.nanoTime() < deadline
                && !issued.stream().filter(Issued::shortLived).allMatch(t -> counts.getOrDefault(t.id(), 0) >= 1)) {
            Thread.sleep(500);
            counts.clear();
            counts.putAll(expiryCounts(api));
        }
        return counts;
    }

    /** {@code TokenExpired} entries per token in the project's audit trail (the event store as it is projected). */
    private static Map<String, Integer> expiryCounts(Api api) throws IOException {
        Api.Answer export = api.admin("GET", "/v1alpha/projects/" + PROJECT + "/audit/export", null);
        assertThat(export.status()).as(export.body()).isEqualTo(200);
        Map<String, Integer> counts = new HashMap<>();
        for (String line : export.body().split("\n")) {
            if (!line.isBlank()) {
                JsonNode entry = Api.JSON.readTree(line);
                if ("TokenExpired".equals(entry.path("eventType").asText())) {
                    counts.merge(entry.get("tokenId").asText(), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    private static String instances() {
        return "/v1alpha/projects/" + PROJECT + "/regions/" + REGION + "/instances";
    }
}
