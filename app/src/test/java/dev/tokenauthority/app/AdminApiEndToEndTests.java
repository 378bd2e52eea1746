package dev.tokenauthority.app;

import static dev.tokenauthority.app.RunningService.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API and the verify endpoint, end to end over HTTP, on one service with an H2 file. */
class AdminApiEndToEndTests {

    @TempDir
    static Path dataDir;
    static RunningService service;

    @BeforeAll
    static void start() {
        service = RunningService.start(dataDir);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void fullLifecycleThroughTheApi() {
        JsonNode created = service.create("{\"name\":\"ci token\",\"description\":\"for CI\",\"ttlDuration\":\"30d\","
                + "\"labels\":{\"team\":\"ml\"}}");
        String id = created.get("id").asText();
        String secret = created.get("content").asText();
        assertThat(secret).startsWith("tka_").hasSize(53);
        assertThat(created.get("state").asText()).isEqualTo("active");
        assertThat(created.get("region").asText()).isEqualTo("eu01");
        assertThat(created.get("labels").get("team").asText()).isEqualTo("ml");
        assertThat(Instant.parse(created.get("validUntil").asText()))
                .isEqualTo(Instant.parse(created.get("createdAt").asText()).plus(java.time.Duration.ofDays(30)));
        assertThat(created.get("lastRegeneratedAt").isNull()).isTrue();

        HttpResponse<String> list = service.admin("GET", service.tokens(), null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(json(list).get("tokens").findValuesAsText("id")).contains(id);
        assertThat(list.body()).doesNotContain(secret).doesNotContain("content");

        HttpResponse<String> one = service.admin("GET", service.tokens() + "/" + id, null);
        assertThat(json(one).get("name").asText()).isEqualTo("ci token");
        assertThat(one.body()).doesNotContain(secret);

        assertThat(service.verify(secret)).isEqualTo(204);
        assertThat(service.verify(secret, "i-2")).isEqualTo(403);

        HttpResponse<String> patched = service.admin("PATCH", service.tokens() + "/" + id, "{\"description\":\"changed\"}");
        assertThat(patched.statusCode()).isEqualTo(200);
        assertThat(json(patched).get("description").asText()).isEqualTo("changed");
        assertThat(json(patched).get("name").asText()).isEqualTo("ci token");
        assertThat(patched.body()).doesNotContain(secret);

        HttpResponse<String> regenerated = service.admin("POST", service.tokens() + "/" + id + "/regenerate", null);
        assertThat(regenerated.statusCode()).isEqualTo(200);
        assertThat(regenerated.headers().firstValue("Cache-Control")).hasValue("no-store");
        String newSecret = json(regenerated).get("token").get("content").asText();
        assertThat(newSecret).isNotEqualTo(secret);
        assertThat(json(regenerated).get("token").get("lastRegeneratedAt").isNull()).isFalse();
        assertThat(service.verify(secret)).isEqualTo(401);
        assertThat(service.verify(newSecret)).isEqualTo(204);

        assertThat(service.admin("DELETE", service.tokens() + "/" + id, null).statusCode()).isEqualTo(204);
        assertThat(service.verify(newSecret)).isEqualTo(401);
        assertThat(service.admin("GET", service.tokens() + "/" + id, null).statusCode()).isEqualTo(404);
        assertThat(json(service.admin("GET", service.tokens(), null)).get("tokens").findValuesAsText("id")).doesNotContain(id);
        assertThat(service.admin("DELETE", service.tokens() + "/" + id, null).statusCode()).isEqualTo(404);
        assertThat(service.admin("POST", service.tokens() + "/" + id + "/regenerate", null).statusCode()).isEqualTo(404);
        assertThat(service.admin("PATCH", service.tokens() + "/" + id, "{\"name\":\"x\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void createAnswersWithNoStoreAndLocation() {
        HttpResponse<String> response = service.admin("POST", service.tokens(), "{\"name\":\"n\"}");
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        String id = json(response).get("token").get("id").asText();
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith(service.tokens() + "/" + id));
        // no ttlDuration: the configured default lifetime, 30 days
        JsonNode token = json(response).get("token");
        assertThat(Instant.parse(token.get("validUntil").asText()))
                .isEqualTo(Instant.parse(token.get("createdAt").asText()).plus(java.time.Duration.ofDays(30)));
    }

    @Test
    void patchThatChangesNothingSucceedsAndRecordsNothing() {
        JsonNode created = service.create("{\"name\":\"same\",\"description\":\"d\"}");
        long before = service.eventCount();
        HttpResponse<String> response = service.admin("PATCH", service.tokens() + "/" + created.get("id").asText(),
                "{\"name\":\"same\",\"description\":\"d\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(service.eventCount()).isEqualTo(before);
    }

    @Test
    void tokenIsNotReachableUnderAnotherInstancesPath() {
        String id = service.create("{\"name\":\"mine\"}").get("id").asText();
        String other = "/v1alpha/projects/p-1/regions/eu01/instances/i-2/tokens/" + id;
        assertThat(service.admin("GET", other, null).statusCode()).isEqualTo(404);
        assertThat(service.admin("POST", other + "/regenerate", null).statusCode()).isEqualTo(404);
        assertThat(service.admin("DELETE", other, null).statusCode()).isEqualTo(404);
        assertThat(service.admin("GET", service.tokens() + "/" + id, null).statusCode()).isEqualTo(200);
    }

    @Test
    void badInputGetsProblemJsonAndChangesNothing() {
        String id = service.create("{\"name\":\"target\"}").get("id").asText();
        long events = service.eventCount();
        String tokens = service.admin("GET", service.tokens(), null).body();
        record Case(String what, String method, String path, String body, String contentType, int status) {
        }
        List<Case> cases = List.of(
                new Case("malformed JSON", "POST", service.tokens(), "{\"name\":", "application/json", 400),
                new Case("not an object", "POST", service.tokens(), "[1,2]", "application/json", 400),
                new Case("unknown field", "POST", service.tokens(), "{\"name\":\"a\",\"admin\":true}", "application/json", 400),
                new Case("bad ttl unit", "POST", service.tokens(), "{\"name\":\"a\",\"ttlDuration\":\"5y\"}", "application/json", 400),
                new Case("zero ttl", "POST", service.tokens(), "{\"name\":\"a\",\"ttlDuration\":\"0d\"}", "application/json", 400),
                new Case("ttl over max", "POST", service.tokens(), "{\"name\":\"a\",\"ttlDuration\":\"366d\"}", "application/json", 400),
                new Case("negative ttl", "POST", service.tokens(), "{\"name\":\"a\",\"ttlDuration\":\"-1d\"}", "application/json", 400),
                new Case("no name", "POST", service.tokens(), "{\"description\":\"a\"}", "application/json", 400),
                new Case("too long name", "POST", service.tokens(), "{\"name\":\"" + "n".repeat(64) + "\"}", "application/json", 400),
                new Case("bad name chars", "POST", service.tokens(), "{\"name\":\"<script>\"}", "application/json", 400),
                new Case("too long description", "POST", service.tokens(), "{\"name\":\"a\",\"description\":\"" + "d".repeat(256) + "\"}", "application/json", 400),
                new Case("bad label", "POST", service.tokens(), "{\"name\":\"a\",\"labels\":{\"Bad Key\":\"v\"}}", "application/json", 400),
                new Case("label not a string", "POST", service.tokens(), "{\"name\":\"a\",\"labels\":{\"k\":{\"x\":1}}}", "application/json", 400),
                new Case("wrong content type", "POST", service.tokens(), "name=a", "text/plain", 415),
                new Case("huge body", "POST", service.tokens(), "{\"name\":\"a\",\"description\":\"" + "x".repeat(1_000_000) + "\"}", "application/json", 413),
                new Case("bad project id", "POST", "/v1alpha/projects/bad%20id/regions/eu01/instances/i-1/tokens", "{\"name\":\"a\"}", "application/json", 400),
                new Case("patch nothing", "PATCH", service.tokens() + "/" + id, "{}", "application/json", 400),
                new Case("patch unknown field", "PATCH", service.tokens() + "/" + id, "{\"labels\":{}}", "application/json", 400),
                new Case("patch too long name", "PATCH", service.tokens() + "/" + id, "{\"name\":\"" + "n".repeat(64) + "\"}", "application/json", 400),
                new Case("patch malformed", "PATCH", service.tokens() + "/" + id, "{", "application/json", 400),
                new Case("patch wrong content type", "PATCH", service.tokens() + "/" + id, "x", "text/plain", 415),
                new Case("selector on instance token", "POST", service.tokens(), "{\"name\":\"a\",\"selector\":{\"group\":\"A\"}}", "application/json", 400),
                new Case("bad role", "POST", service.tokens(), "{\"name\":\"a\",\"role\":\"admin\"}", "application/json", 400),
                new Case("unregistered instance", "POST", "/v1alpha/projects/p-1/regions/eu01/instances/not-registered/tokens", "{\"name\":\"a\"}", "application/json", 404),
                new Case("instance of another region", "POST", "/v1alpha/projects/p-1/regions/eu02/instances/" + service.instanceId() + "/tokens", "{\"name\":\"a\"}", "application/json", 404),
                new Case("selector token without selector", "POST", "/v1alpha/projects/p-1/regions/eu01/tokens", "{\"name\":\"a\",\"role\":\"read-only\"}", "application/json", 400),
                new Case("selector token without role", "POST", "/v1alpha/projects/p-1/regions/eu01/tokens", "{\"name\":\"a\",\"selector\":{\"group\":\"A\"}}", "application/json", 400),
                new Case("selector with bad label", "POST", "/v1alpha/projects/p-1/regions/eu01/tokens", "{\"name\":\"a\",\"role\":\"read-only\",\"selector\":{\"Group\":\"A\"}}", "application/json", 400),
                new Case("instance without type", "POST", RunningService.INSTANCES, "{\"labels\":{}}", "application/json", 400),
                new Case("instance with bad label", "POST", RunningService.INSTANCES, "{\"type\":\"app\",\"labels\":{\"a\":\"b c\"}}", "application/json", 400),
                new Case("instance id taken", "POST", RunningService.INSTANCES, "{\"id\":\"" + service.instanceId() + "\",\"type\":\"app\"}", "application/json", 409),
                new Case("relabel without labels", "PATCH", RunningService.INSTANCES + "/" + service.instanceId(), "{}", "application/json", 400),
                new Case("relabel unknown instance", "PATCH", RunningService.INSTANCES + "/nope", "{\"labels\":{}}", "application/json", 404),
                new Case("unknown token", "PATCH", service.tokens() + "/8a7c6f0e-0000-4000-8000-000000000000", "{\"name\":\"x\"}", "application/json", 404),
                new Case("not a token id", "DELETE", service.tokens() + "/not-a-uuid", null, null, 404));
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            HttpResponse<String> response = service.send(c.method(), c.path(), c.body(), c.contentType(),
                    RunningService.ADMIN_KEY);
            if (response.statusCode() != c.status()
                    || !response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")
                    || response.body().contains("Exception") || response.body().contains("\tat ")) {
                failures.add(c.what() + ": " + response.statusCode() + " " + response.headers().firstValue("Content-Type")
                        + " " + response.body().substring(0, Math.min(300, response.body().length())));
            }
        }
        assertThat(failures).isEmpty();
        assertThat(service.eventCount()).isEqualTo(events);
        assertThat(service.admin("GET", service.tokens(), null).body()).isEqualTo(tokens);
        assertThat(service.admin("GET", RunningService.INSTANCES + "/" + service.instanceId(), null).statusCode()).isEqualTo(200);
    }

    @Test
    void adminApiNeedsTheAdminKey() {
        String secret = service.create("{\"name\":\"a\"}").get("content").asText();
        HttpResponse<String> none = service.send("GET", service.tokens(), null, null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"token-authority-admin\"");
        assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(service.send("GET", service.tokens(), null, null, "wrong-key").statusCode()).isEqualTo(401);
        assertThat(service.send("GET", service.tokens(), null, null, RunningService.ADMIN_KEY + "x").statusCode()).isEqualTo(401);
        assertThat(service.send("GET", service.tokens(), null, null, secret).statusCode()).as("a token is not an admin key")
                .isEqualTo(401);
        long events = service.eventCount();
        assertThat(service.send("POST", service.tokens(), "{\"name\":\"a\"}", "application/json", "wrong").statusCode())
                .isEqualTo(401);
        assertThat(service.eventCount()).isEqualTo(events);
    }

    @Test
    void verifyAnswersPerRfc6750() {
        String secret = service.create("{\"name\":\"v\"}").get("content").asText();
        HttpResponse<String> ok = service.send("GET", "/v1alpha/verify?projectId=p-1&regionId=eu01&instanceId=" + service.instanceId(),
                null, null, secret);
        assertThat(ok.statusCode()).isEqualTo(204);
        assertThat(ok.headers().firstValue("X-Token-Authority-Token-Id")).isPresent();
        assertThat(ok.headers().firstValue("X-Token-Authority-Role")).hasValue("operator");
        assertThat(service.send("GET", "/v1alpha/verify?projectId=p-1&regionId=eu01&instanceId=" + service.instanceId()
                + "&action=destroy", null, null, secret).statusCode()).isEqualTo(400);

        HttpResponse<String> garbage = service.send("GET", "/v1alpha/verify?projectId=p-1&regionId=eu01&instanceId=" + service.instanceId(),
                null, null, "garbage");
        HttpResponse<String> unknown = service.send("GET", "/v1alpha/verify?projectId=p-1&regionId=eu01&instanceId=" + service.instanceId(),
                null, null, dev.tokenauthority.events.secret.TokenSecrets.generate(new java.security.SecureRandom()));
        for (HttpResponse<String> invalid : List.of(garbage, unknown)) {
            assertThat(invalid.statusCode()).isEqualTo(401);
            assertThat(invalid.headers().firstValue("WWW-Authenticate"))
                    .hasValue("Bearer realm=\"token-authority\", error=\"invalid_token\"");
        }
        assertThat(garbage.body()).as("malformed and unknown look the same").isEqualTo(unknown.body());

        HttpResponse<String> other = service.send("GET", "/v1alpha/verify?projectId=p-1&regionId=eu01&instanceId=i-9",
                null, null, secret);
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"token-authority\", error=\"insufficient_scope\"");

        HttpResponse<String> missing = service.send("GET", "/v1alpha/verify?projectId=p-1&regionId=eu01&instanceId=" + service.instanceId(),
                null, null, null);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"token-authority\"");

        HttpResponse<String> inUrl = service.send("GET",
                "/v1alpha/verify?projectId=p-1&regionId=eu01&instanceId=" + service.instanceId() + "&access_token=" + secret, null, null, null);
        assertThat(inUrl.statusCode()).isEqualTo(400);
        assertThat(inUrl.body()).doesNotContain(secret);

        assertThat(service.send("GET", "/v1alpha/verify?projectId=p-1", null, null, secret).statusCode()).isEqualTo(400);
    }

    @Test
    void verifyTakesTheResourceFromHeaders() throws Exception {
        String secret = service.create("{\"name\":\"h\"}").get("content").asText();
        var http = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        service.send("GET", "/", null, null, null).uri().resolve("/v1alpha/verify").toString()))
                .header("Authorization", "Bearer " + secret)
                .header("X-Token-Authority-Project-Id", "p-1")
                .header("X-Token-Authority-Region-Id", "eu01")
                .header("X-Token-Authority-Instance-Id", service.instanceId()).build();
        assertThat(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(204);
    }

    @Test
    void regenerateLeavesNoWindowForTheOldSecret() throws Exception {
        JsonNode created = service.create("{\"name\":\"raced\"}");
        String oldSecret = created.get("content").asText();
        record Attempt(long startedAt, int status) {
        }
        ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> verifiers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(() -> {
                while (running.get()) {
                    long started = System.nanoTime();
                    attempts.add(new Attempt(started, service.verify(oldSecret)));
                }
            });
            t.start();
            verifiers.add(t);
        }
        Thread.sleep(300);
        HttpResponse<String> regenerated = service.admin("POST", service.tokens() + "/" + created.get("id").asText() + "/regenerate", null);
        long returnedAt = System.nanoTime();
        assertThat(regenerated.statusCode()).isEqualTo(200);
        Thread.sleep(300);
        running.set(false);
        for (Thread t : verifiers) {
            t.join();
        }
        List<Attempt> before = attempts.stream().filter(a -> a.startedAt() < returnedAt).toList();
        List<Attempt> after = attempts.stream().filter(a -> a.startedAt() > returnedAt).toList();
        assertThat(before).as("the old secret worked before the regenerate").anyMatch(a -> a.status() == 204);
        assertThat(after).as("calls started after the regenerate returned").isNotEmpty()
                .allMatch(a -> a.status() == 401);
        assertThat(service.verify(json(regenerated).get("token").get("content").asText())).isEqualTo(204);
    }

    @Test
    void listOnlyShowsTheInstancesOwnTokens() {
        String mine = service.create("{\"name\":\"mine\"}").get("id").asText();
        HttpResponse<String> other = service.admin("GET", "/v1alpha/projects/p-1/regions/eu01/instances/i-other/tokens", null);
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(json(other).get("tokens").findValuesAsText("id")).doesNotContain(mine);
    }

    @Test
    void concurrentCreatesAreEachVisibleWhenAnsweredAndAllAudited() throws Exception {
        // With concurrent writers an event can commit after a later one: read models see a gap first. Each
        // answer must still already show its own token, and every event must reach the audit trail exactly once.
        String instance = service.registerInstance("eu01", "{}");
        String tokens = "/v1alpha/projects/p-1/regions/eu01/instances/" + instance + "/tokens";
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 160; i++) {
            int n = i;
            answers.add(pool.submit(() -> service.admin("POST", tokens, "{\"name\":\"c-" + n + "\"}").statusCode()));
        }
        for (java.util.concurrent.Future<Integer> answer : answers) {
            assertThat(answer.get()).isEqualTo(201);
        }
        pool.shutdown();
        assertThat(json(service.admin("GET", tokens, null)).get("tokens")).hasSize(160);
        long audited = service.database().queryForObject(
                "SELECT COUNT(*) FROM audit_entry WHERE instance_id = ? AND event_type = 'TokenCreated'", Long.class, instance);
        assertThat(audited).isEqualTo(160);
    }
}
