package dev.tokenauthority.query.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tokenauthority.events.secret.WebhookSecrets;
import dev.tokenauthority.events.webhook.DeniedNetworks;
import dev.tokenauthority.events.token.TokenExpiryWarned;
import dev.tokenauthority.events.token.TokenRenamed;
import dev.tokenauthority.events.webhook.WebhookRegistered;
import dev.tokenauthority.events.webhook.WebhookRemoved;
import dev.tokenauthority.query.MutableClock;
import dev.tokenauthority.query.TestEvents;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deliveries from event to receiver, on a real H2 schema and a real HTTP receiver on loopback: one delivery per event
 * and webhook however often the event is handled, the same {@code webhook-id} with a fresh signed timestamp on every
 * attempt, backoff, giving up, no redirect followed, nothing more for a removed webhook.
 */
class WebhookDeliveryTests {

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    private static final WebhookSecrets SECRETS = new WebhookSecrets(TestEvents.HASHER);

    /** One request the receiver got. */
    record Received(String id, String timestamp, String signature, String body) {
    }

    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();
    private final List<String> queued = new ArrayList<>();
    private HttpServer receiver;
    private String url;
    private JdbcTemplate jdbc;
    private WebhookTargets targets;
    private DeliveryLog log;
    private InMemoryEventStorageEngine events;
    private MutableClock clock;
    private WebhookDeliveries handler;
    private WebhookTargetsProjection projection;


    @BeforeEach
    void setUp() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), body));
            Integer status = answers.poll();
            int code = status == null ? 204 : status;
            if (code == 302) {
                exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/elsewhere");
            }
            exchange.sendResponseHeaders(code, -1);
            exchange.close();
        });
        receiver.start();
        url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/h2").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        targets = new WebhookTargets(jdbc);
        log = new DeliveryLog(jdbc);
        events = new InMemoryEventStorageEngine();
        clock = new MutableClock(T0);
        handler = new WebhookDeliveries(targets, log, (id, at) -> queued.add(id), events, clock);
        projection = new WebhookTargetsProjection(targets, log);
    }

    @AfterEach
    void tearDown() {
        receiver.stop(0);
    }

    private DeliveryAttempts attempts(int maxAttempts) {
        return attempts(maxAttempts, DeniedNetworks.NONE); // the receiver is on loopback
    }

    private DeliveryAttempts attempts(int maxAttempts, DeniedNetworks denied) {
        return new DeliveryAttempts(log, targets, SECRETS, new WebhookSender(denied), clock, maxAttempts,
                Duration.ofSeconds(30), Duration.ofMinutes(5));
    }

    /** A token t-1 (of {@link TestEvents#created}'s project), renamed once, and its expiry warning. */
    private GenericEventMessage<TokenExpiryWarned> warnedToken() {
        events.appendEvents(new GenericDomainEventMessage<>("Token", "t-1", 0, TestEvents.created("t-1", "i-1", "s")),
                new GenericDomainEventMessage<>("Token", "t-1", 1, new TokenRenamed("t-1", "renamed", "")));
        return new GenericEventMessage<>(new TokenExpiryWarned("t-1", T0.plus(Duration.ofDays(1)), Duration.ofDays(1), T0));
    }

    private String project() {
        return TestEvents.created("t-1", "i-1", "s").projectId();
    }

    @Test
    void anEventHandledAgainMakesNoSecondDeliveryAndOnlyTheTokensProjectsLiveWebhooksGetOne() {
        projection.on(new WebhookRegistered("w-1", project(), url, "", T0));
        projection.on(new WebhookRegistered("w-2", "another-project", url, "", T0));
        projection.on(new WebhookRegistered("w-3", project(), url, "", T0));
        projection.on(new WebhookRemoved("w-3", project(), T0));
        GenericEventMessage<TokenExpiryWarned> warning = warnedToken();
        handler.on(warning.getPayload(), warning);
        handler.on(warning.getPayload(), warning);
        projection.on(new WebhookRegistered("w-1", project(), url, "", T0)); // handled again after a crash
        assertThat(queued).containsExactly(WebhookDeliveries.deliveryId(warning.getIdentifier(), "w-1"));
        assertThat(log.of("w-2", 10)).isEmpty();
        assertThat(log.of("w-3", 10)).isEmpty();
        DeliveryLog.Delivery delivery = log.of("w-1", 10).get(0);
        assertThat(delivery.status()).isEqualTo(DeliveryLog.PENDING);
        assertThat(delivery.eventType()).isEqualTo("token.expiry_warning");
    }

    @Test
    void aReceiverFailingTheFirstAttemptsGetsTheSameMessageIdAndBodyWithAFreshSignatureEachTime() throws Exception {
        projection.on(new WebhookRegistered("w-1", project(), url, "", T0));
        GenericEventMessage<TokenExpiryWarned> warning = warnedToken();
        handler.on(warning.getPayload(), warning);
        String id = queued.get(0);
        answers.addAll(List.of(503, 500));
        DeliveryAttempts attempts = attempts(12);

        assertThat(attempts.attempt(id)).contains(T0.plusSeconds(30));
        clock.set(T0.plusSeconds(30));
        assertThat(attempts.attempt(id)).as("twice as long after the second failure").contains(T0.plusSeconds(90));
        clock.set(T0.plusSeconds(90));
        assertThat(attempts.attempt(id)).isEmpty();
        assertThat(attempts.attempt(id)).as("delivered: nothing more").isEmpty();

        List<Received> got = new ArrayList<>(received);
        assertThat(got).hasSize(3);
        assertThat(got).extracting(Received::id).containsOnly(id);
        assertThat(got).extracting(Received::body).containsOnly(got.get(0).body());
        assertThat(got).extracting(Received::timestamp).containsExactly(Long.toString(T0.getEpochSecond()),
                Long.toString(T0.getEpochSecond() + 30), Long.toString(T0.getEpochSecond() + 90));
        String secret = SECRETS.secretOf("w-1");
        for (Received one : got) {
            assertThat(one.signature()).isEqualTo(WebhookSecrets.signatureWith(secret, one.id(),
                    Long.parseLong(one.timestamp()), one.body()));
        }
        JsonNode body = new ObjectMapper().readTree(got.get(0).body());
        assertThat(body.get("type").asText()).isEqualTo("token.expiry_warning");
        assertThat(body.get("data").get("tokenId").asText()).isEqualTo("t-1");
        assertThat(body.get("data").get("name").asText()).as("the token's name when warned").isEqualTo("renamed");
        assertThat(body.get("data").get("lead").asText()).isEqualTo("PT24H");
        assertThat(body.get("data").get("leadSeconds").asLong()).isEqualTo(86_400);
        assertThat(body.get("data").get("instanceId").asText()).isEqualTo("i-1");

        DeliveryLog.Delivery delivery = log.find(id).orElseThrow();
        assertThat(delivery.status()).isEqualTo(DeliveryLog.DELIVERED);
        assertThat(delivery.attempts()).isEqualTo(3);
        assertThat(delivery.lastStatusCode()).isEqualTo(204);
        assertThat(delivery.deliveredAt()).isEqualTo(T0.plusSeconds(90));
        assertThat(delivery.nextAttemptAt()).isNull();
    }

    @Test
    void anUnreachableReceiverOrARedirectIsAFailedAttemptAndTheLastOneGivesUp() throws IOException {
        projection.on(new WebhookRegistered("w-1", project(), url, "", T0));
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        projection.on(new WebhookRegistered("w-down", project(), "http://127.0.0.1:" + closedPort + "/hook", "", T0));
        GenericEventMessage<TokenExpiryWarned> warning = warnedToken();
        handler.on(warning.getPayload(), warning);
        DeliveryAttempts attempts = attempts(2);

        String toDown = WebhookDeliveries.deliveryId(warning.getIdentifier(), "w-down");
        assertThat(attempts.attempt(toDown)).isPresent();
        DeliveryLog.Delivery first = log.find(toDown).orElseThrow();
        assertThat(first.lastStatusCode()).isNull();
        assertThat(first.lastError()).contains("ConnectException");
        assertThat(attempts.attempt(toDown)).isEmpty();
        assertThat(log.find(toDown).orElseThrow().status()).isEqualTo(DeliveryLog.FAILED);

        String redirected = WebhookDeliveries.deliveryId(warning.getIdentifier(), "w-1");
        answers.add(302);
        assertThat(attempts.attempt(redirected)).isPresent();
        assertThat(log.find(redirected).orElseThrow().lastStatusCode()).isEqualTo(302);
        assertThat(received).as("the redirect was not followed").hasSize(1);
    }

    @Test
    void aReceiverInADeniedNetworkByAddressOrByNameIsNeverCalled() {
        String port = Integer.toString(receiver.getAddress().getPort());
        projection.on(new WebhookRegistered("w-address", project(), url, "", T0));
        projection.on(new WebhookRegistered("w-name", project(), "http://localhost:" + port + "/hook", "", T0));
        projection.on(new WebhookRegistered("w-mapped", project(), "http://[::ffff:127.0.0.1]:" + port + "/hook", "", T0));
        GenericEventMessage<TokenExpiryWarned> warning = warnedToken();
        handler.on(warning.getPayload(), warning);
        DeliveryAttempts attempts = attempts(2, DeniedNetworks.fromSetting(List.of("special-purpose")));

        for (String webhook : List.of("w-address", "w-name", "w-mapped")) {
            String delivery = WebhookDeliveries.deliveryId(warning.getIdentifier(), webhook);
            assertThat(attempts.attempt(delivery)).as(webhook).isPresent(); // a failed attempt, retried later
            DeliveryLog.Delivery logged = log.find(delivery).orElseThrow();
            assertThat(logged.lastStatusCode()).isNull();
            assertThat(logged.lastError()).as(webhook).startsWith("not sent: ").contains("denied-networks");
        }
        assertThat(received).as("nothing reached the receiver").isEmpty();
    }

    @Test
    void aRemovedWebhookGetsNothingMore() {
        projection.on(new WebhookRegistered("w-1", project(), url, "", T0));
        GenericEventMessage<TokenExpiryWarned> warning = warnedToken();
        handler.on(warning.getPayload(), warning);
        projection.on(new WebhookRemoved("w-1", project(), T0));
        assertThat(attempts(12).attempt(queued.get(0))).isEmpty();
        assertThat(received).isEmpty();
        assertThat(log.find(queued.get(0)).orElseThrow().status()).isEqualTo(DeliveryLog.DROPPED);
    }

    @Test
    void theBackoffDoublesUpToItsCap() {
        DeliveryAttempts attempts = attempts(12);
        assertThat(List.of(1, 2, 3, 4, 5, 6, 20).stream().map(attempts::backoff).map(Duration::toSeconds).toList())
                .containsExactly(30L, 60L, 120L, 240L, 300L, 300L, 300L);
    }
}
