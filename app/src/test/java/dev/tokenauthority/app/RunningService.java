package dev.tokenauthority.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenauthority.app.postgres.ThrowawayPostgres;
import dev.tokenauthority.query.progress.ReadModelProgress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The real service, started as {@code java -jar} would start it (same main class, same properties), on a free
 * port and a data directory of the test's, and spoken to over real HTTP. Its store is the embedded H2 file, or,
 * with {@code -Dtoken-authority.test.store=postgresql} (the second surefire execution), a database of its own on a
 * real PostgreSQL server ({@link ThrowawayPostgres}), the same one again when the same data directory restarts.
 */
final class RunningService implements AutoCloseable {

    static final String ADMIN_KEY = "test-admin-key-0123456789-0123456789-abcdef";
    static final String PROJECT = "p-1";
    static final String REGION = "eu01";
    static final String INSTANCES = "/v1alpha/projects/" + PROJECT + "/regions/" + REGION + "/instances";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final boolean ON_POSTGRES = "postgresql".equals(System.getProperty("token-authority.test.store"));
    private static final Map<Path, ThrowawayPostgres.Database> DATABASES = new ConcurrentHashMap<>();
    private final ConfigurableApplicationContext context;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String adminKey;
    private final String instanceId;

    private RunningService(ConfigurableApplicationContext context, String adminKey) {
        this.context = context;
        this.base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
        this.adminKey = adminKey;
        this.instanceId = ensureInstance();
    }

    /** The test's instance in p-1/eu01: registered through the API on first start, found again after a restart. */
    private String ensureInstance() {
        JsonNode listed = json(admin("GET", INSTANCES, null)).get("instances");
        if (listed.size() > 0) {
            return listed.get(0).get("id").asText();
        }
        HttpResponse<String> registered = admin("POST", INSTANCES, "{\"type\":\"experiments\",\"name\":\"tracking\"}");
        if (registered.statusCode() != 201) {
            throw new AssertionError("register answered " + registered.statusCode() + ": " + registered.body());
        }
        return json(registered).get("id").asText();
    }

    int port() {
        return java.net.URI.create(base).getPort();
    }

    String instanceId() {
        return instanceId;
    }

    /** The token collection of the test's instance. */
    String tokens() {
        return INSTANCES + "/" + instanceId + "/tokens";
    }

    /** Registers an instance in p-1 and {@code regionId}; returns its id. */
    String registerInstance(String regionId, String labelsJson) {
        HttpResponse<String> registered = admin("POST", "/v1alpha/projects/" + PROJECT + "/regions/" + regionId + "/instances",
                "{\"type\":\"app\",\"labels\":" + labelsJson + "}");
        if (registered.statusCode() != 201) {
            throw new AssertionError("register answered " + registered.statusCode() + ": " + registered.body());
        }
        return json(registered).get("id").asText();
    }

    static RunningService start(Path dataDir, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("--server.address=127.0.0.1",
                "--token-authority.data-dir=" + dataDir, "--db-scheduler.polling-interval=500ms"));
        if (List.of(extraArgs).stream().noneMatch(a -> a.startsWith("--server.port="))) {
            args.add("--server.port=0"); // a port of its own, unless the test needs to know it before the start
        }
        boolean ownKey = List.of(extraArgs).stream().noneMatch(a -> a.startsWith("--token-authority.admin-key="));
        if (ownKey) {
            args.add("--token-authority.admin-key=" + ADMIN_KEY);
        }
        if (List.of(extraArgs).stream().noneMatch(a -> a.startsWith("--token-authority.gateway.failed-verifications.burst="))) {
            // These tests verify thousands of wrong secrets from 127.0.0.1 on purpose; the limit has tests of its own.
            args.add("--token-authority.gateway.failed-verifications.burst=1000000");
        }
        if (List.of(extraArgs).stream().noneMatch(a -> a.startsWith("--token-authority.webhooks.denied-networks="))) {
            // The tests' webhooks and receivers are on loopback; the deny list has tests of its own.
            args.add("--token-authority.webhooks.denied-networks=");
        }
        if (ON_POSTGRES) {
            args.addAll(List.of(DATABASES.computeIfAbsent(dataDir.toAbsolutePath(),
                    any -> ThrowawayPostgres.server().newDatabase()).springArguments()));
        }
        args.addAll(List.of(extraArgs));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(TokenAuthorityApplication.class)
                .run(args.toArray(String[]::new));
        try {
            // Tests start talking to it at once, so wait until it accepts tokens: its auth lookup has caught up with
            // the store (from a snapshot, the wait for new events that tells so can end after the port opens) and,
            // on PostgreSQL, where a node is a node of a cluster, it has joined (a heartbeat or two later).
            ReadModelProgress progress = context.getBean(ReadModelProgress.class);
            awaitTrue(Duration.ofMinutes(2), progress::acceptsTokens);
            return new RunningService(context, ownKey ? ADMIN_KEY : Files.readString(dataDir.resolve("admin.key")).strip());
        } catch (IOException | RuntimeException | AssertionError e) {
            context.close();
            throw new IllegalStateException("the service started but is not usable", e);
        }
    }

    /** The PostgreSQL database of a data directory, for a test to look into while no service runs on it. */
    static JdbcTemplate postgresDatabaseOf(Path dataDir) {
        ThrowawayPostgres.Database database = DATABASES.get(dataDir.toAbsolutePath());
        if (database == null) {
            throw new IllegalStateException("no PostgreSQL database for " + dataDir);
        }
        return new JdbcTemplate(new org.springframework.jdbc.datasource.DriverManagerDataSource(database.url(),
                database.user(), database.password()));
    }

    /** Whether this run's services are on PostgreSQL (the second surefire execution). */
    static boolean onPostgres() {
        return ON_POSTGRES;
    }

    /** Where this service's data lies on disk: the data directory, and the PostgreSQL server's when on one. */
    static List<Path> storageDirectories(Path dataDir) {
        return ON_POSTGRES ? List.of(dataDir, ThrowawayPostgres.server().directory()) : List.of(dataDir);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    <T> T bean(String name, Class<T> type) {
        return context.getBean(name, type);
    }

    JdbcTemplate database() {
        return context.getBean(JdbcTemplate.class);
    }

    long eventCount() {
        return database().queryForObject("SELECT COUNT(*) FROM domain_event_entry", Long.class);
    }

    /** Events in the store but those of the given types (events the service makes on its own, in the background). */
    long eventCountBut(java.util.List<String> eventTypes) {
        String placeholders = String.join(", ", java.util.Collections.nCopies(eventTypes.size(), "?"));
        return database().queryForObject("SELECT COUNT(*) FROM domain_event_entry WHERE payload_type NOT IN ("
                + placeholders + ")", Long.class, eventTypes.stream().map(type -> "dev.tokenauthority.events.token." + type)
                .toArray());
    }

    long eventCount(String eventType) {
        return database().queryForObject("SELECT COUNT(*) FROM domain_event_entry WHERE payload_type = ?",
                Long.class, "dev.tokenauthority.events.token." + eventType);
    }

    HttpResponse<String> admin(String method, String path, String json) {
        return send(method, path, json, "application/json", adminKey);
    }

    HttpResponse<String> sendWithRequestId(String method, String path, String json, String bearer, String requestId) {
        return send(method, path, json, "application/json", bearer, requestId);
    }

    HttpResponse<String> send(String method, String path, String body, String contentType, String bearer) {
        return send(method, path, body, contentType, bearer, null);
    }

    private HttpResponse<String> send(String method, String path, String body, String contentType, String bearer,
                                      String requestId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (requestId != null) {
            request.header("X-Request-Id", requestId);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code GET /v1alpha/verify} for the default instance; the status code. */
    int verify(String secret) {
        return verify(secret, instanceId);
    }

    int verify(String secret, String instanceId) {
        return verify(secret, REGION, instanceId, "query");
    }

    int verify(String secret, String regionId, String instanceId, String action) {
        return send("GET", "/v1alpha/verify?projectId=" + PROJECT + "&regionId=" + regionId + "&instanceId=" + instanceId
                + "&action=" + action, null, null, secret).statusCode();
    }

    /** Creates a token and returns the {@code token} object of the answer, secret included. */
    JsonNode create(String json) {
        HttpResponse<String> response = admin("POST", tokens(), json);
        if (response.statusCode() != 201) {
            throw new AssertionError("create answered " + response.statusCode() + ": " + response.body());
        }
        return json(response).get("token");
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** Waits, bounded, until {@code condition} holds: for what a test knows will happen, but not when. */
    static void awaitTrue(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
