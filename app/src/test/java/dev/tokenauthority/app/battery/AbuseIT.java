package dev.tokenauthority.app.battery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenauthority.app.postgres.ThrowawayPostgres;
import dev.tokenauthority.app.process.Api;
import dev.tokenauthority.app.process.DemoStack;
import dev.tokenauthority.app.process.ServiceLauncher;
import dev.tokenauthority.app.process.ServiceProcess;
import dev.tokenauthority.events.secret.TokenSecrets;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Battery test 7: bursts of failed verifications from one address are refused ({@code 429}) once over the limit
 * (20 at once, then 30 a minute: the defaults), at verify and through nginx, also when the caller rotates the
 * client-address headers a proxy would set ({@code X-Forwarded-For}, {@code X-Real-IP}, ours) without being the
 * authenticated gateway; meanwhile a valid caller from another address keeps its latency.
 */
@Tag(Battery.TAG)
class AbuseIT {

    private static final String ADMIN_KEY = "battery-abuse-admin-key-0123456789-0123456789";
    private static final String TEST = "7 abuse (failed-verification bursts)";
    /** The default limit: this many failures pass before the first 429. */
    private static final int BURST = 20;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final SecureRandom random = new SecureRandom();

    static Stream<String> stores() {
        return Battery.stores(Battery.H2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aFloodOfFailuresFromOneAddressIsRefusedWhileOthersKeepTheirLatency(String deployment) throws Exception {
        int burst = Battery.scaled(500, 10_000);
        int samples = Battery.scaled(500, 10_000);
        boolean postgres = deployment.equals(Battery.POSTGRESQL);
        Path work = Files.createDirectories(Path.of("target", "battery-it").toAbsolutePath());
        BatteryFigures figures = new BatteryFigures(TEST, deployment)
                .context("failures sent per burst (after the first " + BURST + ")", Integer.toString(burst));

        // At verify: the service alone with its default limit, verify on its own port (no gateway in front, no
        // gateway key: a client-address header is nobody's word).
        Path dataDir = Files.createTempDirectory(work, "abuse-");
        String defaultLimit = ServiceLauncher.LIMIT + BURST;
        ServiceLauncher launcher = postgres ? ServiceLauncher.packagedJarOnPostgres(ADMIN_KEY, defaultLimit)
                : ServiceLauncher.packagedJarOnH2(ADMIN_KEY, defaultLimit);
        try (ServiceProcess service = launcher.start(dataDir, work.resolve(dataDir.getFileName() + ".log"))) {
            int port = URI.create(service.base()).getPort();
            String instance = created(service.base(), "/v1alpha/projects/p-abuse/regions/eu01/instances",
                    "{\"type\":\"app\",\"name\":\"abuse\"}").get("id").asText();
            String verify = "/v1alpha/verify?projectId=p-abuse&regionId=eu01&instanceId=" + instance;
            String valid = created(service.base(), "/v1alpha/projects/p-abuse/regions/eu01/instances/" + instance + "/tokens",
                    "{\"name\":\"valid-caller\"}").get("token").get("content").asText();
            figures.atLeast("share refused 429, at verify", refusedShare(burst, () -> flood("127.0.0.11", port, verify, false)), 0.99)
                    .atLeast("share refused 429 with rotating X-Forwarded-For / X-Real-IP / Forwarded / our header, at verify",
                            refusedShare(burst, () -> flood("127.0.0.13", port, verify, true)), 0.99);
            latencyUnderFlood(figures, service.base() + verify, valid, port, verify, samples);
        }

        // Through nginx: the address nginx saw is the one the gateway vouches for.
        Map<String, String> environment = new HashMap<>(Map.of("TOKEN_AUTHORITY_ADMIN_KEY", ADMIN_KEY));
        if (postgres) {
            environment.putAll(ThrowawayPostgres.server().newDatabase().springEnvironment());
        }
        try (DemoStack stack = DemoStack.start(environment, work.resolve("abuse-" + deployment.replace(' ', '-')))) {
            figures.atLeast("share refused 429, through nginx",
                            refusedShare(burst, () -> flood("127.0.0.12", stack.gatewayPort(), "/", false)), 0.99)
                    .atLeast("share refused 429 with rotating X-Forwarded-For / X-Real-IP / Forwarded / our header, through nginx",
                            refusedShare(burst, () -> flood("127.0.0.14", stack.gatewayPort(), "/", true)), 0.99);
        }
        figures.assertAllMet();
    }

    /** A valid caller's verify latency, idle and while another address floods verify with failures. */
    private void latencyUnderFlood(BatteryFigures figures, String validUrl, String valid, int port, String verify,
                                   int samples) throws Exception {
        double[] idle = latencies(validUrl, valid, samples);
        AtomicBoolean flooding = new AtomicBoolean(true);
        int[] flood = new int[2];
        CompletableFuture<Void> attacker = CompletableFuture.runAsync(() -> {
            for (int i = 0; flooding.get() && i < 1_000_000; i++) {
                try {
                    flood[statusOf(RawHttp.getWithoutVaryingHeaders("127.0.0.15", port, verify, unknownSecret())) == 429 ? 1 : 0]++;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        double[] underFlood;
        try {
            underFlood = latencies(validUrl, valid, samples);
        } finally {
            flooding.set(false);
            attacker.get(1, TimeUnit.MINUTES);
        }
        double idleP99 = percentile(idle, 0.99);
        double floodP99 = percentile(underFlood, 0.99);
        figures.context("valid caller's verify p99 idle / during a flood from another address (µs)",
                String.format("%.0f / %.0f (flood: %d requests, %d refused 429)", idleP99, floodP99,
                        flood[0] + flood[1], flood[1]));
        if (Battery.full()) {
            figures.atMost("valid caller's p99 during the flood / idle", floodP99 / idleP99, 2.0);
        } else {
            // A latency is a benchmark's figure, not a test's: in CI (500 samples, a shared machine) it is shown;
            // the full battery, run by hand on a quiet machine, holds it to its target.
            figures.context("valid caller's p99 during the flood / idle, held to ≤ 2 in the full battery",
                    String.format("%.2f", floodP99 / idleP99));
        }
    }

    @FunctionalInterface
    private interface Attempt {
        int status() throws IOException;
    }

    /** Sends {@code BURST + count} failures; the share of the last {@code count} that got 429. */
    private static double refusedShare(int count, Attempt attempt) throws IOException {
        for (int i = 0; i < BURST; i++) {
            int status = attempt.status();
            assertThat(status).as("failure %d of the allowed burst", i + 1).isEqualTo(401);
        }
        int refused = 0;
        for (int i = 0; i < count; i++) {
            refused += attempt.status() == 429 ? 1 : 0;
        }
        return refused / (double) count;
    }

    /** One failed verification from {@code address}, with spoofed client-address headers if asked. */
    private int flood(String address, int port, String target, boolean spoofed) throws IOException {
        StringBuilder request = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + unknownSecret() + "\r\nConnection: close\r\n");
        if (spoofed) {
            String fake = "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
            request.append("X-Forwarded-For: ").append(fake).append("\r\nX-Real-IP: ").append(fake)
                    .append("\r\nX-Token-Authority-Client-Address: ").append(fake)
                    .append("\r\nForwarded: for=").append(fake).append("\r\n");
        }
        return statusOf(RawHttp.exchange(address, port, request.append("\r\n").toString()));
    }

    private String unknownSecret() {
        return TokenSecrets.generate(random);
    }

    private static int statusOf(String answer) {
        return Integer.parseInt(answer.substring(9, 12));
    }

    private double[] latencies(String url, String secret, int samples) throws IOException {
        double[] micros = new double[samples];
        for (int i = -500; i < samples; i++) { // 500 warm-up calls
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + secret).build();
            long started = System.nanoTime();
            int status = send(request).statusCode();
            if (status != 204) {
                throw new AssertionError("the valid caller got " + status);
            }
            if (i >= 0) {
                micros[i] = (System.nanoTime() - started) / 1_000.0;
            }
        }
        return micros;
    }

    private static double percentile(double[] values, double quantile) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)];
    }

    private static JsonNode created(String base, String path, String body) throws IOException {
        Api.Answer answer = new Api(base, ADMIN_KEY).admin("POST", path, body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json();
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
