package dev.tokenauthority.app;

import static dev.tokenauthority.app.RunningService.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may call what on the admin API, end to end over HTTP: every admin endpoint × every kind of credential,
 * each answer checked against the rules (owner ⊇ editor ⊇ viewer in their own project only; operator tokens for
 * start, stop and delete of what they cover; the bootstrap admin key for everything), and no refused call changes
 * anything.
 */
class AdminAccessEndToEndTests {

    private static final String P1 = "/v1alpha/projects/p-1";
    private static final String P2 = "/v1alpha/projects/p-2";
    private static final String REGION = "/regions/eu01";

    enum Need { VIEWER, EDITOR, MANAGE, OWNER, CLUSTER_ADMIN }

    enum Credential {
        NONE, WRONG_KEY, BOOTSTRAP_ADMIN, OWNER, EDITOR, VIEWER, EDITOR_OF_OTHER_PROJECT, OPERATOR_TOKEN,
        READ_ONLY_TOKEN, EXPIRED_SERVICE_ACCOUNT, ROTATED_AWAY_KEY
    }

    /** What a call acts on: a fresh set for every call that is allowed (it may delete them), a shared one otherwise. */
    record Target(String instanceId, String tokenId, String serviceAccountId, String operatorSecret, String readOnlySecret) {
        String instance() {
            return P1 + REGION + "/instances/" + instanceId;
        }

        String token() {
            return instance() + "/tokens/" + tokenId;
        }
    }

    record Call(String what, Need need, boolean otherProject, String method, Function<Target, String> path, String body) {
        static Call of(String what, Need need, String method, Function<Target, String> path, String body) {
            return new Call(what, need, false, method, path, body);
        }
    }

    @TempDir
    static Path dataDir;
    static RunningService service;
    static final Map<Credential, String> KEYS = new EnumMap<>(Credential.class);

    @BeforeAll
    static void start() throws InterruptedException {
        service = RunningService.start(dataDir);
        KEYS.put(Credential.WRONG_KEY, "wrong-key-0123456789-0123456789-0123456789");
        KEYS.put(Credential.BOOTSTRAP_ADMIN, RunningService.ADMIN_KEY);
        KEYS.put(Credential.OWNER, serviceAccount("p-1", "owner", null).get("content").asText());
        KEYS.put(Credential.EDITOR, serviceAccount("p-1", "editor", null).get("content").asText());
        KEYS.put(Credential.VIEWER, serviceAccount("p-1", "viewer", null).get("content").asText());
        KEYS.put(Credential.EDITOR_OF_OTHER_PROJECT, serviceAccount("p-2", "editor", null).get("content").asText());
        JsonNode rotated = serviceAccount("p-1", "editor", null);
        KEYS.put(Credential.ROTATED_AWAY_KEY, rotated.get("content").asText());
        assertThat(service.admin("POST", P1 + "/service-accounts/" + rotated.get("id").asText() + "/rotate", null)
                .statusCode()).isEqualTo(200);
        KEYS.put(Credential.EXPIRED_SERVICE_ACCOUNT, serviceAccount("p-1", "owner", "1s").get("content").asText());
        Thread.sleep(1_200);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    static List<Call> calls() {
        String sa = "{\"name\":\"sa\",\"role\":\"viewer\"}";
        return List.of(
                Call.of("list instances", Need.VIEWER, "GET", t -> P1 + REGION + "/instances", null),
                Call.of("get instance", Need.VIEWER, "GET", Target::instance, null),
                Call.of("register instance", Need.EDITOR, "POST", t -> P1 + REGION + "/instances", "{\"type\":\"app\"}"),
                Call.of("relabel instance", Need.EDITOR, "PATCH", Target::instance, "{\"labels\":{\"a\":\"b\"}}"),
                Call.of("start instance", Need.MANAGE, "POST", t -> t.instance() + "/start", null),
                Call.of("stop instance", Need.MANAGE, "POST", t -> t.instance() + "/stop", null),
                Call.of("delete instance", Need.MANAGE, "DELETE", Target::instance, null),
                Call.of("list tokens", Need.VIEWER, "GET", t -> t.instance() + "/tokens", null),
                Call.of("get token", Need.VIEWER, "GET", Target::token, null),
                Call.of("create token", Need.EDITOR, "POST", t -> t.instance() + "/tokens", "{\"name\":\"n\"}"),
                Call.of("update token", Need.EDITOR, "PATCH", Target::token, "{\"name\":\"renamed\"}"),
                Call.of("regenerate token", Need.EDITOR, "POST", t -> t.token() + "/regenerate", null),
                Call.of("delete token", Need.EDITOR, "DELETE", Target::token, null),
                Call.of("list selector tokens", Need.VIEWER, "GET", t -> P1 + REGION + "/tokens", null),
                Call.of("create selector token", Need.EDITOR, "POST", t -> P1 + REGION + "/tokens",
                        "{\"name\":\"s\",\"role\":\"read-only\",\"selector\":{\"a\":\"b\"}}"),
                Call.of("project audit", Need.VIEWER, "GET", t -> P1 + "/audit", null),
                Call.of("audit export", Need.VIEWER, "GET", t -> P1 + "/audit/export", null),
                Call.of("instance audit", Need.VIEWER, "GET", t -> t.instance() + "/audit", null),
                Call.of("token audit", Need.VIEWER, "GET", t -> t.token() + "/audit", null),
                Call.of("token validity", Need.VIEWER, "GET", t -> t.token() + "/validity?at=2026-01-01T00:00:00Z", null),
                Call.of("get token policy", Need.VIEWER, "GET", t -> P1 + "/policy", null),
                Call.of("set token policy", Need.OWNER, "PUT", t -> P1 + "/policy", "{\"onSupersededUse\":\"record\"}"),
                Call.of("list webhooks", Need.OWNER, "GET", t -> P1 + "/webhooks", null),
                Call.of("register webhook", Need.OWNER, "POST", t -> P1 + "/webhooks", "{\"url\":\"https://127.0.0.1:9/hook\"}"),
                Call.of("list service accounts", Need.OWNER, "GET", t -> P1 + "/service-accounts", null),
                Call.of("create service account", Need.OWNER, "POST", t -> P1 + "/service-accounts", sa),
                Call.of("get service account", Need.OWNER, "GET", t -> P1 + "/service-accounts/" + t.serviceAccountId(), null),
                Call.of("update service account", Need.OWNER, "PATCH", t -> P1 + "/service-accounts/" + t.serviceAccountId(),
                        "{\"description\":\"d\"}"),
                Call.of("rotate service account", Need.OWNER, "POST",
                        t -> P1 + "/service-accounts/" + t.serviceAccountId() + "/rotate", null),
                Call.of("delete service account", Need.OWNER, "DELETE", t -> P1 + "/service-accounts/" + t.serviceAccountId(), null),
                Call.of("replay status", Need.CLUSTER_ADMIN, "GET", t -> "/v1alpha/replay", null),
                Call.of("replay digests", Need.CLUSTER_ADMIN, "GET", t -> "/v1alpha/replay/digests", null),
                new Call("other project: list instances", Need.VIEWER, true, "GET", t -> P2 + REGION + "/instances", null),
                new Call("other project: register instance", Need.EDITOR, true, "POST", t -> P2 + REGION + "/instances",
                        "{\"type\":\"app\"}"),
                new Call("other project: create service account", Need.OWNER, true, "POST", t -> P2 + "/service-accounts", sa));
    }

    /** The status class the rules give: 200 for "allowed" (any 2xx), else the exact refusal. */
    static int expected(Credential credential, Call call) {
        return switch (credential) {
            case NONE, WRONG_KEY, EXPIRED_SERVICE_ACCOUNT, ROTATED_AWAY_KEY -> 401;
            case BOOTSTRAP_ADMIN -> 200;
            case OPERATOR_TOKEN -> call.need() == Need.MANAGE ? 200 : 401;
            case READ_ONLY_TOKEN -> call.need() == Need.MANAGE ? 403 : 401;
            case OWNER -> !call.otherProject() && call.need() != Need.CLUSTER_ADMIN ? 200 : 403;
            case EDITOR -> !call.otherProject() && List.of(Need.VIEWER, Need.EDITOR, Need.MANAGE).contains(call.need()) ? 200 : 403;
            case VIEWER -> !call.otherProject() && call.need() == Need.VIEWER ? 200 : 403;
            case EDITOR_OF_OTHER_PROJECT -> call.otherProject() && call.need() != Need.OWNER && call.need() != Need.CLUSTER_ADMIN ? 200 : 403;
        };
    }

    @Test
    void everyEndpointAnswersEveryCredentialByTheRules() {
        Target shared = target();
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Call call : calls()) {
            for (Credential credential : Credential.values()) {
                int expected = expected(credential, call);
                Target target = expected == 200 ? target() : shared;
                String bearer = switch (credential) {
                    case NONE -> null;
                    case OPERATOR_TOKEN -> target.operatorSecret();
                    case READ_ONLY_TOKEN -> target.readOnlySecret();
                    default -> KEYS.get(credential);
                };
                long events = service.eventCount();
                HttpResponse<String> response = service.send(call.method(), call.path().apply(target), call.body(),
                        "application/json", bearer);
                int status = response.statusCode();
                boolean asExpected = expected == 200 ? status >= 200 && status < 300 : status == expected;
                if (!asExpected) {
                    wrong.add(call.what() + " as " + credential + ": " + status + " (expected " + expected + ") "
                            + response.body().substring(0, Math.min(200, response.body().length())));
                } else if (expected != 200) {
                    if (service.eventCount() != events) {
                        wrong.add(call.what() + " as " + credential + ": refused with " + status + " but recorded events");
                    }
                    if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
                        wrong.add(call.what() + " as " + credential + ": refusal is not a problem: " + response.headers().map());
                    }
                }
                checked++;
            }
        }
        assertThat(wrong).as("of %d calls", checked).isEmpty();
    }

    @Test
    void theAuditTrailNamesTheServiceAccount() {
        JsonNode editor = serviceAccount("p-1", "editor", null);
        Target target = target();
        HttpResponse<String> created = service.send("POST", target.instance() + "/tokens", "{\"name\":\"by-sa\"}",
                "application/json", editor.get("content").asText());
        assertThat(created.statusCode()).isEqualTo(201);
        String tokenId = json(created).get("token").get("id").asText();
        JsonNode entries = json(service.admin("GET", target.instance() + "/tokens/" + tokenId + "/audit", null)).get("entries");
        assertThat(entries.findValuesAsText("actor")).containsExactly("service-account:" + editor.get("id").asText());
        JsonNode project = json(service.admin("GET", P1 + "/audit?eventType=ServiceAccountCreated", null)).get("entries");
        assertThat(project.findValuesAsText("actor")).contains("admin:admin");
        assertThat(created.body()).doesNotContain(editor.get("content").asText());
    }

    @Test
    void serviceAccountLifecycle() {
        HttpResponse<String> created = service.admin("POST", P1 + "/service-accounts",
                "{\"name\":\"deployer\",\"role\":\"editor\",\"description\":\"CI\",\"ttlDuration\":\"30d\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(created.headers().firstValue("Location")).isPresent();
        JsonNode account = json(created).get("serviceAccount");
        String id = account.get("id").asText();
        String key = account.get("content").asText();
        assertThat(key).startsWith("tksa_").hasSize(54);
        assertThat(account.get("role").asText()).isEqualTo("editor");
        assertThat(account.get("state").asText()).isEqualTo("active");
        assertThat(account.get("validUntil").isNull()).isFalse();

        HttpResponse<String> listed = service.admin("GET", P1 + "/service-accounts", null);
        assertThat(json(listed).get("serviceAccounts").findValuesAsText("id")).contains(id);
        assertThat(listed.body()).doesNotContain(key).doesNotContain("content");
        assertThat(json(service.admin("GET", P1 + "/service-accounts/" + id, null)).get("name").asText()).isEqualTo("deployer");
        assertThat(service.admin("GET", P2 + "/service-accounts/" + id, null).statusCode()).isEqualTo(404);

        HttpResponse<String> patched = service.admin("PATCH", P1 + "/service-accounts/" + id, "{\"role\":\"viewer\"}");
        assertThat(json(patched).get("role").asText()).isEqualTo("viewer");
        assertThat(service.send("POST", P1 + REGION + "/instances", "{\"type\":\"app\"}", "application/json", key)
                .statusCode()).as("a viewer now").isEqualTo(403);
        assertThat(service.send("GET", P1 + REGION + "/instances", null, null, key).statusCode()).isEqualTo(200);

        HttpResponse<String> rotated = service.admin("POST", P1 + "/service-accounts/" + id + "/rotate", null);
        String newKey = json(rotated).get("serviceAccount").get("content").asText();
        assertThat(newKey).isNotEqualTo(key);
        assertThat(json(rotated).get("serviceAccount").get("lastRotatedAt").isNull()).isFalse();
        assertThat(service.send("GET", P1 + REGION + "/instances", null, null, key).statusCode()).isEqualTo(401);
        assertThat(service.send("GET", P1 + REGION + "/instances", null, null, newKey).statusCode()).isEqualTo(200);

        for (String bad : List.of("{\"name\":\"x\",\"role\":\"admin\"}", "{\"name\":\"\",\"role\":\"viewer\"}",
                "{\"name\":\"x\",\"role\":\"viewer\",\"ttlDuration\":\"forever\"}", "{\"role\":\"viewer\"}",
                "{\"name\":\"x\",\"role\":\"viewer\",\"secret\":\"mine\"}")) {
            long events = service.eventCount();
            HttpResponse<String> refused = service.admin("POST", P1 + "/service-accounts", bad);
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(service.eventCount()).isEqualTo(events);
        }
        assertThat(service.admin("POST", P1 + "/service-accounts/not-a-uuid/rotate", null).statusCode()).isEqualTo(404);

        assertThat(service.admin("DELETE", P1 + "/service-accounts/" + id, null).statusCode()).isEqualTo(204);
        assertThat(service.send("GET", P1 + REGION + "/instances", null, null, newKey).statusCode()).isEqualTo(401);
        assertThat(service.admin("GET", P1 + "/service-accounts/" + id, null).statusCode()).isEqualTo(404);
        assertThat(service.admin("DELETE", P1 + "/service-accounts/" + id, null).statusCode()).isEqualTo(404);
    }

    /** Readers hammer with the key while it is rotated: once the rotate call returned, the old key opens nothing. */
    @Test
    void rotationLeavesNoWindowForTheOldKey() throws Exception {
        JsonNode account = serviceAccount("p-1", "viewer", null);
        String oldKey = account.get("content").asText();
        record Attempt(long startedAt, int status) {
        }
        ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread reader = new Thread(() -> {
                long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (running.get() && System.nanoTime() < until) {
                    long startedAt = System.nanoTime();
                    attempts.add(new Attempt(startedAt,
                            service.send("GET", P1 + REGION + "/instances", null, null, oldKey).statusCode()));
                }
            });
            reader.start();
            readers.add(reader);
        }
        Thread.sleep(300);
        HttpResponse<String> rotated = service.admin("POST", P1 + "/service-accounts/" + account.get("id").asText() + "/rotate", null);
        long returnedAt = System.nanoTime();
        assertThat(rotated.statusCode()).isEqualTo(200);
        Thread.sleep(300);
        running.set(false);
        for (Thread reader : readers) {
            reader.join(10_000);
        }
        List<Attempt> after = attempts.stream().filter(a -> a.startedAt() > returnedAt).toList();
        assertThat(after).isNotEmpty();
        assertThat(after).allMatch(a -> a.status() == 401);
        assertThat(attempts.stream().filter(a -> a.startedAt() < returnedAt).anyMatch(a -> a.status() == 200)).isTrue();
    }

    /** Wrong credentials count against the address as on verify; the admin key is never limited; no oracle while limited. */
    @Test
    void failedAdminAuthenticationCountsAgainstTheAddress(@TempDir Path otherDataDir) {
        try (RunningService limited = RunningService.start(otherDataDir,
                "--token-authority.gateway.failed-verifications.burst=3",
                "--token-authority.gateway.failed-verifications.per-minute=1")) {
            HttpResponse<String> created = limited.admin("POST", P1 + "/service-accounts", "{\"name\":\"v\",\"role\":\"viewer\"}");
            String key = json(created).get("serviceAccount").get("content").asText();
            assertThat(limited.send("GET", P1 + REGION + "/instances", null, null, key).statusCode()).isEqualTo(200);
            for (int i = 0; i < 3; i++) {
                assertThat(limited.send("GET", P1 + REGION + "/instances", null, null, "tksa_wrong" + i).statusCode()).isEqualTo(401);
            }
            HttpResponse<String> refused = limited.send("GET", P1 + REGION + "/instances", null, null, key);
            assertThat(refused.statusCode()).as("even a valid key: no oracle while limited").isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(limited.admin("GET", P1 + REGION + "/instances", null).statusCode()).as("the admin key").isEqualTo(200);
        }
    }

    private static JsonNode serviceAccount(String project, String role, String ttl) {
        HttpResponse<String> created = service.admin("POST", "/v1alpha/projects/" + project + "/service-accounts",
                "{\"name\":\"" + role + "\",\"role\":\"" + role + "\"" + (ttl == null ? "" : ",\"ttlDuration\":\"" + ttl + "\"") + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).get("serviceAccount");
    }

    /** A fresh instance of p-1 with a token, an operator and a read-only token on it, and a service account. */
    private static Target target() {
        HttpResponse<String> registered = service.admin("POST", P1 + REGION + "/instances", "{\"type\":\"app\"}");
        assertThat(registered.statusCode()).isEqualTo(201);
        String instanceId = json(registered).get("id").asText();
        String tokens = P1 + REGION + "/instances/" + instanceId + "/tokens";
        JsonNode operator = json(service.admin("POST", tokens, "{\"name\":\"op\"}")).get("token");
        JsonNode readOnly = json(service.admin("POST", tokens, "{\"name\":\"ro\",\"role\":\"read-only\"}")).get("token");
        String serviceAccountId = serviceAccount("p-1", "viewer", null).get("id").asText();
        return new Target(instanceId, operator.get("id").asText(), serviceAccountId, operator.get("content").asText(),
                readOnly.get("content").asText());
    }
}
