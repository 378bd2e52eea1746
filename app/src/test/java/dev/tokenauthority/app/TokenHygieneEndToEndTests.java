package dev.tokenauthority.app;

import static dev.tokenauthority.app.RunningService.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Token hygiene end to end (issue 25): bulk revocation by the tokens' labels, instance and name prefix, its dry run
 * and the digest that makes the real call revoke exactly what the dry run showed, or nothing; leaked-token reports
 * signed as GitHub's secret-scanning partner program signs them (an ECDSA P-256 key made here).
 */
class TokenHygieneEndToEndTests {

    private static final String REGION = "/v1alpha/projects/" + RunningService.PROJECT + "/regions/" + RunningService.REGION;
    private static final String BULK = REGION + "/tokens/bulk-revoke";
    private static final String POLICY = "/v1alpha/projects/" + RunningService.PROJECT + "/policy";
    private static final String GATEWAY_KEY = "hygiene-gateway-key-0123456789-0123456789";

    @TempDir
    static Path dataDir;
    static RunningService service;

    static KeyPair reporter;

    @BeforeAll
    static void start() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        reporter = generator.generateKeyPair();
        String publicKey = Base64.getEncoder().encodeToString(reporter.getPublic().getEncoded());
        service = RunningService.start(dataDir, "--token-authority.leak-reports.public-keys.gh-1=" + publicKey,
                "--token-authority.gateway.key=" + GATEWAY_KEY, "--token-authority.usage.flush-interval=200ms",
                "--token-authority.signals.flush-interval=200ms", "--token-authority.signals.repeat-interval=1s",
                "--token-authority.expiry-warnings.lead-times=8s,3s", "--token-authority.expiry-warnings.sweep-interval=200ms",
                "--token-authority.webhooks.allow-http=true", "--token-authority.webhooks.first-retry=300ms",
                // the receiver of these tests is on 127.0.0.1: deny some other special-purpose networks
                "--token-authority.webhooks.denied-networks=169.254.0.0/16,10.0.0.0/8,fc00::/7");
    }

    /** Verify as a gateway calls it: its key, and the client address it vouches for. */
    private static int verify(String secret, String instanceId) {
        return verify(secret, instanceId, "192.0.2.1");
    }

    private static int verify(String secret, String instanceId, String client) {
        return verifyAnswer(secret, instanceId, client).statusCode();
    }

    private static HttpResponse<String> verifyAnswer(String secret, String instanceId, String client) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port()
                            + "/v1alpha/verify?projectId=" + RunningService.PROJECT + "&regionId=" + RunningService.REGION
                            + "&instanceId=" + instanceId + "&action=query"))
                    .header("Authorization", "Bearer " + secret).header("X-Token-Authority-Gateway-Key", GATEWAY_KEY)
                    .header("X-Token-Authority-Client-Address", client).GET().build();
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Status, headers (but the date and the request id, which differ for every call) and body. */
    private static String whole(HttpResponse<String> answer) {
        Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(answer.headers().map());
        headers.remove("date");
        headers.remove("x-request-id");
        return answer.statusCode() + " " + headers + " " + answer.body();
    }

    @Test
    void aSupersededSecretIsRefusedLikeAnUnknownOneAndSignalledOnItsTokenAndTheProjectPolicyMayRevokeIt() throws Exception {
        String instance = service.registerInstance("eu01", "{}");
        Issued token = instanceToken(instance, "superseded-record", "ml");
        String path = REGION + "/instances/" + instance + "/tokens/" + token.id();
        String current = json(service.admin("POST", path + "/regenerate", null)).get("token").get("content").asText();
        String unknown = dev.tokenauthority.events.secret.TokenSecrets.generate(new java.security.SecureRandom());
        assertThat(json(service.admin("GET", POLICY, null)).get("onSupersededUse").asText()).isEqualTo("record");

        // the old secret: exactly the answer of a secret never issued, whatever the policy (no oracle)
        String unknownAnswer = whole(verifyAnswer(unknown, instance, "192.0.2.30"));
        for (String client : List.of("192.0.2.21", "192.0.2.22", "192.0.2.21")) {
            assertThat(whole(verifyAnswer(token.secret(), instance, client))).isEqualTo(unknownAnswer);
        }
        assertThat(verify(current, instance)).isEqualTo(204);
        JsonNode use = awaitSupersededUses(path, 3);
        assertThat(use.get("from").toString()).isEqualTo("[\"192.0.2.21\",\"192.0.2.22\"]");
        assertThat(use.get("through").toString()).isEqualTo("[\"verify via 127.0.0.1\"]");
        JsonNode signals = json(service.admin("GET", path + "/audit?eventType=SupersededSecretUsed", null)).get("entries");
        long uses = 0;
        for (JsonNode signal : signals) {
            uses += signal.get("changes").get("uses").asLong();
            assertThat(signal.get("actor").asText()).isEqualTo("system");
            assertThat(signal.get("changes").get("revoked").asBoolean()).isFalse();
        }
        assertThat(uses).isEqualTo(3);
        assertThat(signals.toString()).doesNotContain(token.secret().substring(4)).doesNotContain(current.substring(4));
        assertThat(verify(current, instance)).as("record: the token stays valid").isEqualTo(204);

        // an owner sets revoke: the next use of an old secret revokes the token, on the answer of an unknown one
        HttpResponse<String> set = service.admin("PUT", POLICY, "{\"onSupersededUse\":\"revoke\"}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        try {
            assertThat(json(set).get("onSupersededUse").asText()).isEqualTo("revoke");
            Issued revoked = instanceToken(instance, "superseded-revoke", "ml");
            String revokedPath = REGION + "/instances/" + instance + "/tokens/" + revoked.id();
            String next = json(service.admin("POST", revokedPath + "/regenerate", null)).get("token").get("content").asText();
            assertThat(whole(verifyAnswer(revoked.secret(), instance, "192.0.2.23"))).isEqualTo(unknownAnswer);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (service.admin("GET", revokedPath, null).statusCode() != 404 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(service.admin("GET", revokedPath, null).statusCode()).as("revoked by the policy").isEqualTo(404);
            assertThat(verify(next, instance)).as("its current secret too").isEqualTo(401);
            JsonNode trail = json(service.admin("GET", revokedPath + "/audit?order=asc", null)).get("entries");
            List<String> types = new ArrayList<>();
            trail.forEach(entry -> types.add(entry.get("eventType").asText()));
            assertThat(types).containsExactly("TokenCreated", "TokenRegenerated", "SupersededSecretUsed", "TokenRevoked");
            assertThat(trail.get(2).get("changes").get("revoked").asBoolean()).isTrue();
            assertThat(verify(current, instance)).as("another token of the project: untouched").isEqualTo(204);
        } finally {
            assertThat(service.admin("PUT", POLICY, "{\"onSupersededUse\":\"record\"}").statusCode()).isEqualTo(200);
        }
    }

    /** A webhook receiver on loopback that answers 503 to the first two attempts of every message, then 204. */
    private static final class FlakyReceiver implements AutoCloseable {

        record Request(String id, long timestamp, String signature, String body, int answered) {
        }

        final List<Request> requests = java.util.Collections.synchronizedList(new ArrayList<>());
        private final com.sun.net.httpserver.HttpServer server;

        FlakyReceiver() throws java.io.IOException {
            server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hooks/token-authority", exchange -> {
                String id = exchange.getRequestHeaders().getFirst("webhook-id");
                int status;
                synchronized (requests) {
                    status = requests.stream().filter(r -> r.id().equals(id)).count() < 2 ? 503 : 204;
                    requests.add(new Request(id, Long.parseLong(exchange.getRequestHeaders().getFirst("webhook-timestamp")),
                            exchange.getRequestHeaders().getFirst("webhook-signature"),
                            new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), status));
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/token-authority";
        }

        List<Request> delivered() {
            synchronized (requests) {
                return requests.stream().filter(r -> r.answered() == 204).toList();
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /**
     * One 12-second token (lead times 8 s and 3 s) for both: the warnings on the token and in its audit trail, and
     * their delivery to a webhook that refuses each message's first two attempts.
     */
    @Test
    void aTokenIsWarnedOnceAtEachLeadTimeAndEachWarningReachesTheProjectsWebhookSignedAndRetried() throws Exception {
        String webhooks = "/v1alpha/projects/" + RunningService.PROJECT + "/webhooks";
        try (FlakyReceiver receiver = new FlakyReceiver()) {
            HttpResponse<String> registered = service.admin("POST", webhooks,
                    "{\"url\":\"" + receiver.url() + "\",\"description\":\"expiry alerts\"}");
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
            assertThat(registered.headers().firstValue("Cache-Control")).hasValue("no-store");
            String secret = json(registered).get("secret").asText();
            String webhookId = json(registered).get("webhook").get("id").asText();
            assertThat(secret).startsWith("whsec_");
            assertThat(registered.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith(webhookId));
            HttpResponse<String> listed = service.admin("GET", webhooks, null);
            assertThat(json(listed).get("webhooks").get(0).get("url").asText()).isEqualTo(receiver.url());
            assertThat(listed.body() + service.admin("GET", webhooks + "/" + webhookId, null).body())
                    .as("the secret is shown once").doesNotContain(secret.substring(6));

            String tokenId = tokenWarnedAtEachLeadTimeThenExpired();
            RunningService.awaitTrue(java.time.Duration.ofSeconds(30), () -> receiver.delivered().size() >= 2);

            List<FlakyReceiver.Request> requests = new ArrayList<>(receiver.requests);
            List<String> leads = new ArrayList<>();
            for (FlakyReceiver.Request delivered : receiver.delivered()) {
                JsonNode message = new com.fasterxml.jackson.databind.ObjectMapper().readTree(delivered.body());
                assertThat(message.get("type").asText()).isEqualTo("token.expiry_warning");
                assertThat(message.get("data").get("tokenId").asText()).isEqualTo(tokenId);
                assertThat(message.get("data").get("name").asText()).isEqualTo("short-lived");
                leads.add(message.get("data").get("lead").asText());
                List<FlakyReceiver.Request> attempts = requests.stream().filter(r -> r.id().equals(delivered.id())).toList();
                assertThat(attempts).as("two refused attempts, then the one taken, all with one id and body").hasSize(3)
                        .extracting(FlakyReceiver.Request::body).containsOnly(delivered.body());
                for (FlakyReceiver.Request attempt : attempts) {
                    assertThat(attempt.signature()).as("each attempt signed with its own timestamp").isEqualTo(
                            dev.tokenauthority.events.secret.WebhookSecrets.signatureWith(secret, attempt.id(),
                                    attempt.timestamp(), attempt.body()));
                    assertThat(Math.abs(attempt.timestamp() - java.time.Instant.now().getEpochSecond())).isLessThan(60);
                }
            }
            assertThat(leads).containsExactly("PT8S", "PT3S");

            JsonNode log = json(service.admin("GET", webhooks + "/" + webhookId + "/deliveries", null)).get("deliveries");
            assertThat(log).hasSize(2);
            for (JsonNode delivery : log) {
                assertThat(delivery.get("status").asText()).isEqualTo("delivered");
                assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
                assertThat(delivery.get("lastStatusCode").asInt()).isEqualTo(204);
                assertThat(delivery.get("tokenId").asText()).isEqualTo(tokenId);
            }
            assertThat(service.admin("GET", webhooks + "/" + webhookId + "/deliveries?limit=0", null).statusCode()).isEqualTo(400);

            assertThat(service.admin("DELETE", webhooks + "/" + webhookId, null).statusCode()).isEqualTo(204);
            assertThat(service.admin("GET", webhooks + "/" + webhookId, null).statusCode()).isEqualTo(404);
            assertThat(service.admin("DELETE", webhooks + "/" + webhookId, null).statusCode()).isEqualTo(404);
            assertThat(service.admin("GET", webhooks + "/" + webhookId + "/deliveries", null).statusCode())
                    .as("the log outlives its webhook").isEqualTo(200);
            List<String> audited = new ArrayList<>();
            json(service.admin("GET", "/v1alpha/projects/" + RunningService.PROJECT
                    + "/audit?eventType=WebhookRegistered&eventType=WebhookRemoved&order=asc", null)).get("entries")
                    .forEach(entry -> audited.add(entry.get("eventType").asText()));
            assertThat(audited).containsExactly("WebhookRegistered", "WebhookRemoved");
        }
    }

    /** A 12-second token shows PT8S, then PT3S, then expires; its trail is exactly that; a long-lived one has none. */
    private static String tokenWarnedAtEachLeadTimeThenExpired() throws Exception {
        String instance = service.registerInstance("eu01", "{}");
        String tokens = REGION + "/instances/" + instance + "/tokens";
        HttpResponse<String> created = service.admin("POST", tokens, "{\"name\":\"short-lived\",\"ttlDuration\":\"12s\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).get("token").get("id").asText();
        Issued longLived = instanceToken(instance, "long-lived", "ml");

        List<String> leads = new ArrayList<>();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode token = json(service.admin("GET", tokens + "/" + id, null));
            JsonNode warning = token.get("expiryWarning");
            if (warning != null && (leads.isEmpty() || !leads.get(leads.size() - 1).equals(warning.get("lead").asText()))) {
                leads.add(warning.get("lead").asText());
            }
            if (token.get("state").asText().equals("inactive")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(leads).as("the warning the token showed, as it changed").containsExactly("PT8S", "PT3S");
        List<String> types = new ArrayList<>();
        long expiredDeadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < expiredDeadline && !types.contains("TokenExpired")) {
            types.clear();
            json(service.admin("GET", tokens + "/" + id + "/audit?order=asc", null)).get("entries")
                    .forEach(entry -> types.add(entry.get("eventType").asText() + (entry.get("changes").has("lead")
                            ? " " + entry.get("changes").get("lead").asText() : "")));
            Thread.sleep(100);
        }
        assertThat(types).containsExactly("TokenCreated", "TokenExpiryWarned PT8S", "TokenExpiryWarned PT3S", "TokenExpired");
        assertThat(json(service.admin("GET", tokens + "/" + longLived.id(), null)).has("expiryWarning")).isFalse();
        return id;
    }

    @Test
    void badWebhooksAreProblemsThatChangeNothing() {
        String webhooks = "/v1alpha/projects/" + RunningService.PROJECT + "/webhooks";
        long events = requestedEvents();
        for (String bad : List.of("{}", "{\"url\":null}", "{\"url\":\"ftp://127.0.0.1/x\"}", "{\"url\":\"/relative\"}",
                "{\"url\":\"https://user:pw@127.0.0.1/x\"}", "{\"url\":\"https://127.0.0.1/x#f\"}",
                "{\"url\":\"javascript:alert(1)\"}", "{\"url\":[\"https://127.0.0.1/\"]}", "https://127.0.0.1/",
                "{\"url\":\"https://127.0.0.1/\",\"description\":\"a\\u0000b\"}",
                "{\"url\":\"https://127.0.0.1/\",\"extra\":1}", "{\"url\":\"https://127.0.0.1/\"} {}",
                "{\"url\":\"http://169.254.169.254/latest/meta-data/\"}", "{\"url\":\"https://10.1.2.3:8443/hook\"}",
                "{\"url\":\"https://[fd00::5]/hook\"}", "{\"url\":\"https://[::ffff:10.0.0.1]/hook\"}")) {
            HttpResponse<String> answer = service.admin("POST", webhooks, bad);
            assertThat(answer.statusCode()).as(bad + " -> " + answer.body()).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        assertThat(service.admin("GET", webhooks + "/no-such-webhook", null).statusCode()).isEqualTo(404);
        assertThat(service.admin("DELETE", webhooks + "/no-such-webhook", null).statusCode()).isEqualTo(404);
        assertThat(service.admin("GET", webhooks + "/no-such-webhook/deliveries", null).statusCode()).isEqualTo(404);
        assertThat(requestedEvents()).isEqualTo(events);
    }

    @Test
    void badPoliciesAreProblemsThatChangeNothing() {
        long events = requestedEvents();
        for (String bad : List.of("{\"onSupersededUse\":\"delete\"}", "{}", "{\"onSupersededUse\":null}",
                "{\"onSupersededUse\":\"record\",\"extra\":1}", "{\"onSupersededUse\":[\"record\"]}", "record",
                "{\"onSupersededUse\":\"record\"} {}", "{\"onSupersededUse\":\"revoke\",\"onSupersededUse\":\"record\"}")) {
            HttpResponse<String> answer = service.admin("PUT", POLICY, bad);
            assertThat(answer.statusCode()).as(bad + " -> " + answer.body()).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        assertThat(service.admin("PUT", "/v1alpha/projects/-p1/policy", "{\"onSupersededUse\":\"record\"}").statusCode())
                .isEqualTo(400);
        assertThat(requestedEvents()).isEqualTo(events);
        assertThat(json(service.admin("GET", POLICY, null)).get("onSupersededUse").asText()).isEqualTo("record");
    }

    @Test
    void aTokenWithAllowedNetworksOpensOnlyFromThemAnyOtherAddressIsRefusedAndSignalled() throws Exception {
        String instance = service.registerInstance("eu01", "{}");
        String tokens = REGION + "/instances/" + instance + "/tokens";
        HttpResponse<String> created = service.admin("POST", tokens, "{\"name\":\"fenced\",\"allowedNetworks\":"
                + "[\"192.0.2.0/28\",\"2001:DB8::/48\",\"192.0.2.0/28\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode token = json(created).get("token");
        assertThat(token.get("allowedNetworks").toString()).isEqualTo("[\"192.0.2.0/28\",\"2001:db8::/48\"]");
        String secret = token.get("content").asText();
        String path = tokens + "/" + token.get("id").asText();
        Issued open = instanceToken(instance, "unfenced", "ml");
        assertThat(json(service.admin("GET", tokens + "/" + open.id(), null)).get("allowedNetworks").toString())
                .isEqualTo("[]");

        assertThat(verify(secret, instance, "192.0.2.5")).isEqualTo(204);
        assertThat(verify(secret, instance, "2001:db8:0:ffff::1")).isEqualTo(204);
        assertThat(verify(secret, instance, "::ffff:192.0.2.15")).isEqualTo(204);
        assertThat(verify(open.secret(), instance, "198.51.100.7")).as("a token without networks").isEqualTo(204);
        // from elsewhere: 403, exactly the answer of a token that does not cover the instance (it tells nothing more)
        String notCovered = whole(verifyAnswer(open.secret(), service.registerInstance("eu01", "{}"), "192.0.2.5"));
        assertThat(notCovered).startsWith("403 ");
        for (String elsewhere : List.of("198.51.100.7", "192.0.2.16", "2001:db9::1", "198.51.100.7")) {
            assertThat(whole(verifyAnswer(secret, instance, elsewhere))).as(elsewhere).isEqualTo(notCovered);
        }
        JsonNode use = awaitSignal(path, "disallowedAddressUse", 4);
        // every distinct address, most recent first, wherever a flush fell between the uses
        assertThat(use.get("from").toString()).isEqualTo("[\"198.51.100.7\",\"2001:db9::1\",\"192.0.2.16\"]");
        assertThat(use.get("through").toString()).isEqualTo("[\"verify via 127.0.0.1\"]");

        // a regeneration keeps the networks; a PATCH changes them, [] lifts them
        String next = json(service.admin("POST", path + "/regenerate", null)).get("token").get("content").asText();
        assertThat(verify(next, instance, "198.51.100.7")).isEqualTo(403);
        assertThat(verify(next, instance, "192.0.2.1")).isEqualTo(204);
        HttpResponse<String> moved = service.admin("PATCH", path, "{\"allowedNetworks\":[\"198.51.100.0/24\"]}");
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        assertThat(json(moved).get("allowedNetworks").toString()).isEqualTo("[\"198.51.100.0/24\"]");
        assertThat(verify(next, instance, "198.51.100.7")).isEqualTo(204);
        assertThat(verify(next, instance, "192.0.2.1")).isEqualTo(403);
        // the access review tells from which networks each token could act, now and at any moment before
        JsonNode grants = json(service.admin("GET", REGION + "/instances/" + instance + "/access", null)).get("grants");
        Map<String, String> networksOf = new java.util.HashMap<>();
        grants.forEach(grant -> networksOf.put(grant.get("tokenId").asText(), grant.get("allowedNetworks").toString()));
        assertThat(networksOf).containsEntry(token.get("id").asText(), "[\"198.51.100.0/24\"]")
                .containsEntry(open.id(), "[]");
        JsonNode reach = json(service.admin("GET", path + "/access?at=" + token.get("createdAt").asText(), null));
        assertThat(reach.get("allowedNetworks").toString()).isEqualTo("[\"192.0.2.0/28\",\"2001:db8::/48\"]");
        HttpResponse<String> lifted = service.admin("PATCH", path, "{\"allowedNetworks\":[]}");
        assertThat(json(lifted).get("allowedNetworks").toString()).isEqualTo("[]");
        assertThat(verify(next, instance, "203.0.113.1")).isEqualTo(204);

        JsonNode trail = json(service.admin("GET", path + "/audit?order=asc", null)).get("entries");
        List<String> types = new ArrayList<>();
        trail.forEach(entry -> types.add(entry.get("eventType").asText()));
        assertThat(types).containsSubsequence("TokenCreated", "TokenAllowedNetworksSet", "DisallowedAddressUsed",
                "TokenRegenerated", "TokenAllowedNetworksSet", "TokenAllowedNetworksSet");
        assertThat(trail.get(1).get("changes").get("allowedNetworks").toString())
                .isEqualTo("[\"192.0.2.0/28\",\"2001:db8::/48\"]");
        assertThat(trail.toString()).doesNotContain(secret.substring(4)).doesNotContain(next.substring(4));
    }

    @Test
    void badAllowedNetworksAreProblemsThatChangeNothing() {
        String instance = service.registerInstance("eu01", "{}");
        String tokens = REGION + "/instances/" + instance + "/tokens";
        Issued token = instanceToken(instance, "kept-as-it-was", "ml");
        String path = tokens + "/" + token.id();
        long events = requestedEvents();
        for (String bad : List.of("[\"10.1.2.3/8\"]", "[\"example.com\"]", "[\"10.0.0.0/33\"]", "[null]", "[\"\"]",
                "\"10.0.0.0/8\"", "[\"10.0.0.1\",\"10.0.0.300\"]", "[\"fe80::1%eth0\"]", "{\"a\":1}", "[1]",
                "[\"10.0.0.0/8\\u0000\"]", "[\"" + "10.0.0.1\",\"".repeat(40) + "10.0.0.2\"]")) {
            for (HttpResponse<String> answer : List.of(
                    service.admin("POST", tokens, "{\"name\":\"bad-networks\",\"allowedNetworks\":" + bad + "}"),
                    service.admin("PATCH", path, "{\"name\":\"renamed\",\"allowedNetworks\":" + bad + "}"))) {
                assertThat(answer.statusCode()).as(bad + " -> " + answer.body()).isEqualTo(400);
                assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(answer.body()).doesNotContain("\\u0000");
            }
        }
        HttpResponse<String> typo = service.admin("PATCH", path, "{\"allowedNetworks\":[\"10.1.2.3/8\"]}");
        assertThat(json(typo).get("code").asText()).isEqualTo("INVALID_ALLOWED_NETWORKS");
        assertThat(json(typo).get("detail").asText()).startsWith("'10.1.2.3/8' has host bits set beyond /8; did you mean"
                + " 10.0.0.0/8?");
        assertThat(requestedEvents()).isEqualTo(events);
        JsonNode unchanged = json(service.admin("GET", path, null));
        assertThat(unchanged.get("name").asText()).isEqualTo("kept-as-it-was");
        assertThat(unchanged.get("allowedNetworks").toString()).isEqualTo("[]");
    }

    /** The token's signal {@code field} once it counts {@code uses} (within 10 s). */
    private static JsonNode awaitSignal(String path, String field, long uses) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        JsonNode use = null;
        while (System.nanoTime() < deadline) {
            use = json(service.admin("GET", path, null)).get(field);
            if (use != null && use.get("uses").asLong() >= uses) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(use).as("a signal on the token").isNotNull();
        assertThat(use.get("uses").asLong()).isEqualTo(uses);
        return use;
    }

    /** The token's superseded-secret signal once it counts {@code uses} (within 10 s). */
    /**
     * Events but those the service makes on its own while a test runs: an earlier test's signals (flushed every 200 ms
     * and repeated every second here), expiry warnings and expiries of its short-lived tokens. A global count catches
     * a rejected request that wrote anything; these would make it flaky.
     */
    private static long requestedEvents() {
        return service.eventCountBut(List.of("SupersededSecretUsed", "DisallowedAddressUsed", "TokenExpiryWarned",
                "TokenExpired"));
    }

    private static JsonNode awaitSupersededUses(String path, long uses) throws InterruptedException {
        return awaitSignal(path, "supersededSecretUse", uses);
    }

    @Test
    void lastUsedShowsTheLatestUseAndTheLastFiveDistinctAddressesAndFeedsUnusedSince() throws Exception {
        String instance = service.registerInstance("eu01", "{}");
        Issued used = instanceToken(instance, "usage-used", "ml");
        Issued idle = instanceToken(instance, "usage-idle", "ml");
        String token = REGION + "/instances/" + instance + "/tokens/";
        JsonNode never = json(service.admin("GET", token + idle.id(), null));
        assertThat(never.get("lastUsedAt").isNull()).isTrue();
        assertThat(never.get("lastUsedFrom")).isEmpty();

        java.time.Instant before = java.time.Instant.now();
        for (String client : List.of("192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.1", "192.0.2.4", "192.0.2.5",
                "192.0.2.6", "2001:db8::7")) {
            assertThat(verify(used.secret(), instance, client)).isEqualTo(204);
        }
        assertThat(verify(idle.secret(), "i-not-covered", "192.0.2.9")).as("a refusal is no use").isNotEqualTo(204);
        java.time.Instant after = java.time.Instant.now();

        // before the flush (this node's memory) and after it (the table): the same answer
        for (int read = 0; read < 2; read++) {
            JsonNode got = json(service.admin("GET", token + used.id(), null));
            assertThat(java.time.Instant.parse(got.get("lastUsedAt").asText())).isBetween(before.minusMillis(1), after.plusMillis(1));
            List<String> from = new ArrayList<>();
            got.get("lastUsedFrom").forEach(address -> from.add(address.asText()));
            assertThat(from).containsExactly("2001:db8::7", "192.0.2.6", "192.0.2.5", "192.0.2.4", "192.0.2.1");
            assertThat(json(service.admin("GET", token + idle.id(), null)).get("lastUsedAt").isNull()).isTrue();
            Thread.sleep(600); // past a flush
        }
        JsonNode listed = json(service.admin("GET", REGION + "/instances/" + instance + "/tokens", null));
        assertThat(listed.get("tokens").get(0).get("lastUsedFrom").get(0).asText()).isEqualTo("2001:db8::7");

        // unusedSince: created before it and not used at or after it; the dry run shows each one's last use
        String unused = "{\"instanceId\":\"" + instance + "\",\"unusedSince\":\"" + before + "\",\"dryRun\":true}";
        assertThat(ids(bulk(unused, 200))).containsExactly(idle.id());
        String sinceLater = "{\"instanceId\":\"" + instance + "\",\"unusedSince\":\"" + after.plusSeconds(1) + "\",\"dryRun\":true}";
        JsonNode both = bulk(sinceLater, 200);
        assertThat(ids(both)).containsExactly(used.id(), idle.id());
        assertThat(both.get("tokens").get(0).get("lastUsedAt").isNull()).isFalse();
        assertThat(both.get("tokens").get(1).get("lastUsedAt").isNull()).isTrue();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    /** A token and its secret. */
    private record Issued(String id, String secret) {
    }

    private static Issued instanceToken(String instanceId, String name, String team) {
        JsonNode token = json(service.admin("POST", REGION + "/instances/" + instanceId + "/tokens",
                "{\"name\":\"" + name + "\",\"labels\":{\"team\":\"" + team + "\"}}")).get("token");
        return new Issued(token.get("id").asText(), token.get("content").asText());
    }

    private static Issued selectorToken(String name, String team, String group) {
        HttpResponse<String> created = service.admin("POST", REGION + "/tokens", "{\"name\":\"" + name
                + "\",\"role\":\"read-only\",\"labels\":{\"team\":\"" + team + "\"},\"selector\":{\"group\":\"" + group + "\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode token = json(created).get("token");
        return new Issued(token.get("id").asText(), token.get("content").asText());
    }

    private static JsonNode bulk(String body, int status) {
        HttpResponse<String> answer = service.admin("POST", BULK, body);
        assertThat(answer.statusCode()).as(body + " -> " + answer.body()).isEqualTo(status);
        return json(answer);
    }

    private static List<String> ids(JsonNode answer) {
        List<String> ids = new ArrayList<>();
        answer.get("tokens").forEach(token -> ids.add(token.get("tokenId").asText()));
        return ids;
    }

    @Test
    void bulkRevokeRevokesExactlyWhatItsDryRunShowedWithOneRequestId() {
        String web = service.registerInstance("eu01", "{\"group\":\"A\"}");
        String ml = service.registerInstance("eu01", "{\"group\":\"B\"}");
        Issued a = instanceToken(web, "bulk-a", "ml");
        Issued b = instanceToken(web, "bulk-b", "ml");
        Issued deploy = instanceToken(web, "deploy", "ml");
        Issued c = instanceToken(ml, "bulk-c", "ml");
        Issued other = instanceToken(ml, "bulk-other-team", "web");
        Issued selector = selectorToken("bulk-selector", "ml", "A");

        JsonNode byTeam = bulk("{\"selector\":{\"team\":\"ml\"},\"namePrefix\":\"bulk-\",\"dryRun\":true}", 200);
        assertThat(ids(byTeam)).containsExactly(a.id(), b.id(), c.id(), selector.id()); // oldest first
        assertThat(byTeam.get("count").asInt()).isEqualTo(4);
        assertThat(byTeam.get("tokens").get(0).has("result")).isFalse();
        JsonNode byInstance = bulk("{\"instanceId\":\"" + web + "\",\"namePrefix\":\"bulk-\",\"dryRun\":true}", 200);
        assertThat(ids(byInstance)).containsExactly(a.id(), b.id());
        assertThat(byInstance.get("tokens").get(0).get("instanceId").asText()).isEqualTo(web);

        // the set changed after the dry run: the real call refuses and revokes nothing
        String selection = byTeam.get("selection").asText();
        assertThat(selection).matches("[0-9a-f]{64}");
        Issued late = instanceToken(ml, "bulk-late", "ml");
        long events = requestedEvents();
        bulk("{\"selector\":{\"team\":\"ml\"},\"namePrefix\":\"bulk-\",\"dryRun\":false,\"selection\":\"" + selection + "\"}", 409);
        assertThat(requestedEvents()).as("nothing revoked").isEqualTo(events);
        assertThat(verify(a.secret(), web)).isEqualTo(204);

        // again: the dry run, then the real call with its selection, under one request id
        JsonNode again = bulk("{\"selector\":{\"team\":\"ml\"},\"namePrefix\":\"bulk-\",\"dryRun\":true}", 200);
        assertThat(ids(again)).containsExactly(a.id(), b.id(), c.id(), selector.id(), late.id());
        HttpResponse<String> real = service.sendWithRequestId("POST", BULK, "{\"selector\":{\"team\":\"ml\"},\"namePrefix\":\"bulk-\","
                + "\"dryRun\":false,\"selection\":\"" + again.get("selection").asText() + "\"}", RunningService.ADMIN_KEY, "bulk-1");
        assertThat(real.statusCode()).as(real.body()).isEqualTo(200);
        JsonNode done = json(real);
        assertThat(ids(done)).containsExactly(a.id(), b.id(), c.id(), selector.id(), late.id());
        done.get("tokens").forEach(token -> assertThat(token.get("result").asText()).isEqualTo("revoked"));
        assertThat(requestedEvents()).isEqualTo(events + 5);

        // in effect at once: every revoked secret refused, the others still open
        assertThat(verify(a.secret(), web)).isEqualTo(401);
        assertThat(verify(b.secret(), web)).isEqualTo(401);
        assertThat(verify(c.secret(), ml)).isEqualTo(401);
        assertThat(verify(late.secret(), ml)).isEqualTo(401);
        assertThat(verify(selector.secret(), web)).isEqualTo(401);
        assertThat(verify(deploy.secret(), web)).isEqualTo(204);
        assertThat(verify(other.secret(), ml)).isEqualTo(204);

        // one TokenRevoked per token in the audit trail, all with the call's request id
        JsonNode trail = json(service.admin("GET", "/v1alpha/projects/" + RunningService.PROJECT
                + "/audit?eventType=TokenRevoked&pageSize=500", null));
        List<String> revokedByTheCall = new ArrayList<>();
        trail.get("entries").forEach(entry -> {
            if ("bulk-1".equals(entry.path("requestId").asText())) {
                revokedByTheCall.add(entry.get("tokenId").asText());
            }
        });
        assertThat(revokedByTheCall).containsExactlyInAnyOrder(a.id(), b.id(), c.id(), selector.id(), late.id());

        // nothing matches any more: a dry run says so, and the old selection is refused
        assertThat(bulk("{\"selector\":{\"team\":\"ml\"},\"namePrefix\":\"bulk-\",\"dryRun\":true}", 200).get("count").asInt()).isZero();
        bulk("{\"selector\":{\"team\":\"ml\"},\"namePrefix\":\"bulk-\",\"dryRun\":false,\"selection\":\""
                + again.get("selection").asText() + "\"}", 409);
    }

    private static String signature(PrivateKey key, String body) throws Exception {
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(body.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(signer.sign());
    }

    private static HttpResponse<String> report(String body, String keyId, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/v1alpha/leak-reports"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (keyId != null) {
            request.header("Github-Public-Key-Identifier", keyId);
        }
        if (signature != null) {
            request.header("Github-Public-Key-Signature", signature);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aSignedLeakReportRevokesTheLiveTokensItNamesAndAnswersPerToken() throws Exception {
        String instance = service.registerInstance("eu01", "{}");
        Issued leaked = instanceToken(instance, "leaked", "ml");
        Issued regenerated = instanceToken(instance, "regenerated", "ml");
        String current = json(service.admin("POST", REGION + "/instances/" + instance + "/tokens/" + regenerated.id()
                + "/regenerate", null)).get("token").get("content").asText();
        String neverIssued = dev.tokenauthority.events.secret.TokenSecrets.generate(new java.security.SecureRandom());
        String body = "[{\"token\":\"" + leaked.secret() + "\",\"type\":\"token_authority\",\"url\":\"https://github.com/o/r/blob/abc/.env#L3\",\"source\":\"content\"},"
                + "{\"token\":\"" + regenerated.secret() + "\",\"type\":\"token_authority\",\"url\":\"https://github.com/o/r/blob/abc/ci.yml#L9\",\"source\":\"commit\"},"
                + "{\"token\":\"" + neverIssued + "\",\"type\":\"token_authority\",\"url\":\"\",\"source\":\"content\"},"
                + "{\"token\":\"not-one-of-ours\",\"type\":\"token_authority\",\"url\":\"\",\"source\":\"content\"}]";
        long events = requestedEvents();

        // unsigned, signed by another key, for another body, under an unknown key id: refused, nothing changed
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        PrivateKey stranger = generator.generateKeyPair().getPrivate();
        for (HttpResponse<String> refused : List.of(report(body, null, null), report(body, "gh-1", signature(stranger, body)),
                report(body, "gh-1", signature(reporter.getPrivate(), body + " ")), report(body, "gh-2", signature(reporter.getPrivate(), body)),
                report(body, "gh-1", "bm90IGEgc2lnbmF0dXJl"), report(body, "gh-1", "%%%"))) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(refused.body()).doesNotContain(leaked.secret().substring(4));
        }
        String notAList = "{\"token\":\"" + leaked.secret() + "\"}";
        assertThat(report(notAList, "gh-1", signature(reporter.getPrivate(), notAList)).statusCode()).isEqualTo(400);
        assertThat(requestedEvents()).as("nothing changed").isEqualTo(events);
        assertThat(verify(leaked.secret(), instance)).isEqualTo(204);

        HttpResponse<String> answered = report(body, "gh-1", signature(reporter.getPrivate(), body));
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        assertThat(answered.body()).doesNotContain(leaked.secret().substring(4)).doesNotContain(regenerated.secret().substring(4));
        JsonNode verdicts = json(answered);
        assertThat(verdicts).hasSize(4);
        assertThat(verdicts.get(0).get("token_hash").asText()).isEqualTo(sha256(leaked.secret()));
        assertThat(verdicts.get(0).get("label").asText()).isEqualTo("true_positive");
        assertThat(verdicts.get(0).get("action").asText()).isEqualTo("revoked");
        assertThat(verdicts.get(0).get("token_type").asText()).isEqualTo("token_authority");
        for (int i = 1; i < 4; i++) { // a superseded secret, one never issued, one not even ours: they open nothing now
            assertThat(verdicts.get(i).get("label").asText()).isEqualTo("false_positive");
            assertThat(verdicts.get(i).get("action").asText()).isEqualTo("none");
        }
        assertThat(verdicts.get(3).get("token_hash").asText()).isEqualTo(sha256("not-one-of-ours"));

        // revoked on the spot, the report in the audit trail (who, where), the regenerated token untouched
        assertThat(verify(leaked.secret(), instance)).isEqualTo(401);
        assertThat(verify(current, instance)).isEqualTo(204);
        assertThat(requestedEvents()).isEqualTo(events + 2);
        JsonNode trail = json(service.admin("GET", REGION + "/instances/" + instance + "/tokens/" + leaked.id() + "/audit?order=asc", null));
        List<String> types = new ArrayList<>();
        trail.get("entries").forEach(entry -> types.add(entry.get("eventType").asText()));
        assertThat(types).containsExactly("TokenCreated", "TokenLeakReported", "TokenRevoked");
        JsonNode report = trail.get("entries").get(1);
        assertThat(report.get("actor").asText()).isEqualTo("leak-report:gh-1");
        assertThat(report.get("changes").get("url").asText()).isEqualTo("https://github.com/o/r/blob/abc/.env#L3");
        assertThat(report.get("changes").get("source").asText()).isEqualTo("content");
        assertThat(trail.toString()).doesNotContain(leaked.secret().substring(4));

        // the same report again: the token is gone, nothing more happens
        HttpResponse<String> again = report(body, "gh-1", signature(reporter.getPrivate(), body));
        assertThat(json(again).get(0).get("action").asText()).isEqualTo("none");
        assertThat(requestedEvents()).isEqualTo(events + 2);
    }

    @Test
    void badBulkRevocationsAreProblemsThatChangeNothingAndEchoNothing() {
        String instance = service.registerInstance("eu01", "{}");
        String secretLike = instanceToken(instance, "kept", "ml").secret(); // sent by mistake where a name belongs
        long events = requestedEvents();
        for (Map.Entry<String, String> bad : List.of(
                Map.entry("{\"dryRun\":true}", "at least one of"),
                Map.entry("{\"selector\":{\"team\":\"ml\"}}", "dryRun must be"),
                Map.entry("{\"selector\":{\"team\":\"ml\"},\"dryRun\":false}", "selection must be"),
                Map.entry("{\"selector\":{\"team\":\"ml\"},\"dryRun\":false,\"selection\":\"zz\"}", "selection must be"),
                Map.entry("{\"selector\":{},\"dryRun\":true}", "selector must be"),
                Map.entry("{\"namePrefix\":\"" + secretLike + "\",\"dryRun\":true}", "looks like a token secret"),
                // a NUL: PostgreSQL refused the query, a 500 (found by the endpoint fuzz on PostgreSQL)
                Map.entry("{\"namePrefix\":\"kept\\u0000\",\"dryRun\":true}", "none a control character"),
                Map.entry("{\"instanceId\":\"../x\",\"dryRun\":true}", "instanceId"),
                Map.entry("{\"unusedSince\":\"last week\",\"dryRun\":true}", "unusedSince must be"),
                Map.entry("{\"lastUsed\":\"2026-01-01T00:00:00Z\",\"dryRun\":true}", ""),
                Map.entry("{\"selector\":{\"team\":\"ml\"},\"dryRun\":\"yes\"}", ""),
                Map.entry("[1,2]", ""))) {
            HttpResponse<String> answer = service.admin("POST", BULK, bad.getKey());
            assertThat(answer.statusCode()).as(bad.getKey() + " -> " + answer.body()).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(answer.body()).contains(bad.getValue()).doesNotContain(secretLike.substring(4));
        }
        assertThat(service.admin("POST", BULK, "{\"namePrefix\":\"kept\",\"dryRun\":true}").statusCode()).isEqualTo(200);
        assertThat(requestedEvents()).as("nothing changed").isEqualTo(events);
    }
}
