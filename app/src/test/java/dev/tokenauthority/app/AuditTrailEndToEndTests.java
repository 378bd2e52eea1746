package dev.tokenauthority.app;

import static dev.tokenauthority.app.RunningService.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event store as the audit trail, end to end: a scripted history of calls by two administrators, read back
 * page by page, filtered, exported; and "was this token valid at T?" across its boundaries.
 */
class AuditTrailEndToEndTests {

    private static final String ALICE_KEY = "alice-admin-key-0123456789-0123456789-xyz";
    private static final String PROJECT = "/v1alpha/projects/audit-p";
    private static final String REGION = PROJECT + "/regions/eu01";

    @TempDir
    static Path dataDir;
    static RunningService service;

    /** What an entry must say, in the order the calls were made. */
    record Expected(String eventType, String actor, String requestId, String tokenId) {
    }

    static final List<Expected> history = new ArrayList<>();
    /** When each scripted call had been answered: a moment after its change and before the next call's. */
    static final java.util.Map<String, Instant> answered = new java.util.HashMap<>();
    static Instant beforeTheScript;
    static String instanceId;
    static String tokenA;
    static String tokenB;
    static String tokenC;

    @BeforeAll
    static void playTheScript() {
        service = RunningService.start(dataDir, "--token-authority.admin-keys.alice=" + ALICE_KEY);
        beforeTheScript = Instant.now();
        instanceId = json(call(admin(), "POST", REGION + "/instances", "{\"type\":\"app\",\"labels\":{\"group\":\"A\"}}",
                "r01", 201)).get("id").asText();
        expect("InstanceRegistered", "admin:admin", "r01", null);
        String tokens = REGION + "/instances/" + instanceId + "/tokens";
        tokenA = json(call(alice(), "POST", tokens, "{\"name\":\"a\"}", "r02", 201)).get("token").get("id").asText();
        expect("TokenCreated", "admin:alice", "r02", tokenA);
        call(admin(), "PATCH", tokens + "/" + tokenA, "{\"name\":\"a-renamed\"}", "r03", 200);
        expect("TokenRenamed", "admin:admin", "r03", tokenA);
        call(alice(), "POST", tokens + "/" + tokenA + "/regenerate", null, "r04", 200);
        expect("TokenRegenerated", "admin:alice", "r04", tokenA);
        tokenB = json(call(admin(), "POST", tokens, "{\"name\":\"b\"}", "r05", 201)).get("token").get("id").asText();
        expect("TokenCreated", "admin:admin", "r05", tokenB);
        call(admin(), "POST", tokens + "/" + tokenB + "/regenerate", null, "r06", 200);
        expect("TokenRegenerated", "admin:admin", "r06", tokenB);
        call(alice(), "PATCH", REGION + "/instances/" + instanceId, "{\"labels\":{\"group\":\"B\"}}", "r07", 200);
        expect("InstanceRelabelled", "admin:alice", "r07", null);
        call(alice(), "POST", REGION + "/instances/" + instanceId + "/stop", null, "r08", 200);
        expect("InstanceStopped", "admin:alice", "r08", null);
        call(admin(), "POST", REGION + "/instances/" + instanceId + "/start", null, "r09", 200);
        expect("InstanceStarted", "admin:admin", "r09", null);
        tokenC = json(call(alice(), "POST", REGION + "/tokens",
                "{\"name\":\"c\",\"role\":\"read-only\",\"selector\":{\"group\":\"B\"}}", "r10", 201)).get("token").get("id").asText();
        expect("TokenCreated", "admin:alice", "r10", tokenC);
        // calls that change nothing leave nothing in the trail
        call(admin(), "PATCH", tokens + "/" + tokenA, "{\"name\":\"a-renamed\"}", "r11", 200);
        call(alice(), "POST", tokens, "{\"name\":\"bad;name\"}", "r12", 400);
        call(alice(), "POST", REGION + "/instances/" + instanceId + "/start", null, "r13", 200);
        call(admin(), "PATCH", REGION + "/tokens/" + tokenC, "{\"description\":\"group B reader\"}", "r14", 200);
        expect("TokenRenamed", "admin:admin", "r14", tokenC);
        call(admin(), "DELETE", tokens + "/" + tokenB, null, "r15", 204);
        expect("TokenRevoked", "admin:admin", "r15", tokenB);
        call(admin(), "POST", tokens + "/" + tokenA + "/regenerate", null, "r16", 200);
        expect("TokenRegenerated", "admin:admin", "r16", tokenA);
        call(alice(), "DELETE", REGION + "/tokens/" + tokenC, null, "r17", 204);
        expect("TokenRevoked", "admin:alice", "r17", tokenC);
        String tokenD = json(call(admin(), "POST", tokens, "{\"name\":\"d\"}", "r18", 201)).get("token").get("id").asText();
        expect("TokenCreated", "admin:admin", "r18", tokenD);
        call(alice(), "DELETE", tokens + "/" + tokenD, null, "r19", 204);
        expect("TokenRevoked", "admin:alice", "r19", tokenD);
        call(alice(), "PATCH", tokens + "/" + tokenA, "{\"description\":\"last\"}", "r20", 200);
        expect("TokenRenamed", "admin:alice", "r20", tokenA);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static String admin() {
        return RunningService.ADMIN_KEY;
    }

    private static String alice() {
        return ALICE_KEY;
    }

    private static void expect(String eventType, String actor, String requestId, String tokenId) {
        history.add(new Expected(eventType, actor, requestId, tokenId));
    }

    private static HttpResponse<String> call(String key, String method, String path, String body, String requestId,
                                             int status) {
        HttpResponse<String> response = service.sendWithRequestId(method, path, body, key, requestId);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue(requestId);
        answered.put(requestId, Instant.now());
        sleepPast(answered.get(requestId).plusMillis(1)); // the next call's events are at least a millisecond later
        return response;
    }

    /** Every entry of a listing, following {@code next} page by page. */
    private static List<JsonNode> allPages(String path, String query) {
        List<JsonNode> entries = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String url = path + "?" + query + (cursor == null ? "" : "&cursor=" + cursor);
            JsonNode page = json(service.admin("GET", url, null));
            page.get("entries").forEach(entries::add);
            cursor = page.get("next").isNull() ? null : page.get("next").asText();
            assertThat(++pages).isLessThan(100);
        } while (cursor != null);
        return entries;
    }

    private static List<Expected> asExpected(List<JsonNode> entries) {
        return entries.stream().map(e -> new Expected(e.get("eventType").asText(), e.get("actor").asText(),
                e.get("requestId") == null ? null : e.get("requestId").asText(),
                e.get("tokenId") == null ? null : e.get("tokenId").asText())).toList();
    }

    private static List<Expected> newestFirst(List<Expected> expected) {
        List<Expected> reversed = new ArrayList<>(expected);
        Collections.reverse(reversed);
        return reversed;
    }

    @Test
    void projectTrailHasExactlyTheScriptedEntriesNewestFirstThroughPagination() {
        List<JsonNode> entries = allPages(PROJECT + "/audit", "pageSize=3");
        assertThat(asExpected(entries)).containsExactlyElementsOf(newestFirst(history));
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.get("clientAddress").asText()).isEqualTo("127.0.0.1");
            assertThat(e.get("projectId").asText()).isEqualTo("audit-p");
        });
        assertThat(entries.get(entries.size() - 1).get("changes").get("labels").get("group").asText()).isEqualTo("A");
        List<Long> positions = entries.stream().map(e -> e.get("position").asLong()).toList();
        assertThat(positions).isSortedAccordingTo(Collections.reverseOrder()).doesNotHaveDuplicates();
    }

    @Test
    void oldestFirstOnRequest() {
        assertThat(asExpected(allPages(PROJECT + "/audit", "pageSize=4&order=asc"))).containsExactlyElementsOf(history);
    }

    @Test
    void filtersByActorEventTypeTokenAndTime() {
        assertThat(asExpected(allPages(PROJECT + "/audit", "pageSize=2&actor=admin:alice")))
                .containsExactlyElementsOf(newestFirst(history.stream().filter(e -> e.actor().equals("admin:alice")).toList()));
        assertThat(asExpected(allPages(PROJECT + "/audit", "eventType=TokenRegenerated,TokenRevoked")))
                .containsExactlyElementsOf(newestFirst(history.stream()
                        .filter(e -> e.eventType().equals("TokenRegenerated") || e.eventType().equals("TokenRevoked")).toList()));
        assertThat(asExpected(allPages(PROJECT + "/audit", "tokenId=" + tokenA)))
                .containsExactlyElementsOf(newestFirst(history.stream().filter(e -> tokenA.equals(e.tokenId())).toList()));

        List<JsonNode> all = allPages(PROJECT + "/audit", "order=asc");
        Instant fifth = Instant.parse(all.get(4).get("time").asText());
        Instant tenth = Instant.parse(all.get(9).get("time").asText());
        String range = "order=asc&from=" + encode(fifth.toString()) + "&to=" + encode(tenth.toString());
        List<JsonNode> inRange = allPages(PROJECT + "/audit", range);
        assertThat(inRange).isNotEmpty().allSatisfy(e -> {
            Instant at = Instant.parse(e.get("time").asText());
            assertThat(at).isAfterOrEqualTo(fifth).isBefore(tenth);
        });
        assertThat(inRange.get(0).get("position").asLong()).isLessThanOrEqualTo(all.get(4).get("position").asLong());
    }

    @Test
    void instanceAndTokenTrailsAreTheirSlices() {
        assertThat(asExpected(allPages(REGION + "/instances/" + instanceId + "/audit", "pageSize=5")))
                .as("instance events and its instance tokens, not the project-level selector token")
                .containsExactlyElementsOf(newestFirst(history.stream().filter(e -> !e.requestId().equals("r10")
                        && !e.requestId().equals("r14") && !e.requestId().equals("r17")).toList()));
        assertThat(asExpected(allPages(REGION + "/instances/" + instanceId + "/tokens/" + tokenA + "/audit", "")))
                .containsExactlyElementsOf(newestFirst(history.stream().filter(e -> tokenA.equals(e.tokenId())).toList()));
    }

    @Test
    void exportIsTheWholeTrailAsJsonLinesOldestFirst() {
        HttpResponse<String> export = service.admin("GET", PROJECT + "/audit/export", null);
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/x-ndjson"));
        List<JsonNode> lines = export.body().lines().map(line -> {
            try {
                return new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
            } catch (java.io.IOException e) {
                throw new AssertionError(line, e);
            }
        }).toList();
        assertThat(asExpected(lines)).containsExactlyElementsOf(history);
    }

    @Test
    void badAuditParametersAreProblems() {
        // actor: a NUL would reach PostgreSQL, which refuses it in a text parameter (namePrefix's defect, b5416f4);
        // an empty or over-long one matched nothing and answered 200 (on H2, before the rule)
        for (String query : List.of("pageSize=0", "pageSize=501", "order=sideways", "from=yesterday", "cursor=bm9wZQ",
                "eventType=Token%20Created", "actor=admin%00", "actor=", "actor=" + "a".repeat(201), "tokenId=t%00",
                "tokenId=..")) {
            HttpResponse<String> response = service.admin("GET", PROJECT + "/audit?" + query, null);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        String descCursor = json(service.admin("GET", PROJECT + "/audit?pageSize=1", null)).get("next").asText();
        assertThat(service.admin("GET", PROJECT + "/audit?order=asc&cursor=" + descCursor, null).statusCode()).isEqualTo(400);
    }

    /** An instance of a project of its own, so that the scripted trail above stays exactly as scripted. */
    private static String validityTokens() {
        String region = "/v1alpha/projects/validity-p/regions/eu01";
        String id = json(service.admin("POST", region + "/instances", "{\"type\":\"app\"}")).get("id").asText();
        return region + "/instances/" + id + "/tokens";
    }

    @Test
    void validityAtAPointInTimeAcrossCreateRegenerateRevoke() {
        String tokens = validityTokens();
        JsonNode created = json(service.admin("POST", tokens, "{\"name\":\"timeline\"}")).get("token");
        String id = created.get("id").asText();
        Instant createdAt = Instant.parse(created.get("createdAt").asText());
        sleepPast(createdAt);
        Instant regeneratedAt = Instant.parse(json(service.admin("POST", tokens + "/" + id + "/regenerate", null))
                .get("token").get("lastRegeneratedAt").asText());
        sleepPast(regeneratedAt);
        assertThat(service.admin("DELETE", tokens + "/" + id, null).statusCode()).isEqualTo(204);
        String validity = tokens + "/" + id + "/validity?at=";
        Instant revokedAt = Instant.parse(json(service.admin("GET", validity + encode(Instant.now().toString()), null))
                .get("revokedAt").asText());

        JsonNode before = json(service.admin("GET", validity + encode(createdAt.minusMillis(1).toString()), null));
        assertThat(before.get("valid").asBoolean()).isFalse();
        assertThat(before.get("reason").asText()).isEqualTo("not-yet-created");

        JsonNode atCreation = json(service.admin("GET", validity + encode(createdAt.toString()), null));
        assertThat(atCreation.get("valid").asBoolean()).isTrue();
        assertThat(atCreation.get("generation").asInt()).isEqualTo(1);

        JsonNode justBeforeRegeneration = json(service.admin("GET", validity + encode(regeneratedAt.minusMillis(1).toString()), null));
        assertThat(justBeforeRegeneration.get("generation").asInt()).isEqualTo(1);
        JsonNode atRegeneration = json(service.admin("GET", validity + encode(regeneratedAt.toString()), null));
        assertThat(atRegeneration.get("valid").asBoolean()).isTrue();
        assertThat(atRegeneration.get("generation").asInt()).isEqualTo(2);
        assertThat(Instant.parse(atRegeneration.get("generationSince").asText())).isEqualTo(regeneratedAt);

        JsonNode justBeforeRevoke = json(service.admin("GET", validity + encode(revokedAt.minusMillis(1).toString()), null));
        assertThat(justBeforeRevoke.get("valid").asBoolean()).isTrue();
        JsonNode atRevoke = json(service.admin("GET", validity + encode(revokedAt.toString()), null));
        assertThat(atRevoke.get("valid").asBoolean()).isFalse();
        assertThat(atRevoke.get("reason").asText()).isEqualTo("revoked");

        JsonNode afterLifetime = json(service.admin("GET", validity + encode(createdAt.plus(Duration.ofDays(31)).toString()), null));
        assertThat(afterLifetime.get("valid").asBoolean()).isFalse();
        assertThat(afterLifetime.get("reason").asText()).isEqualTo("revoked");

        assertThat(service.admin("GET", "/v1alpha/projects/validity-p/regions/eu01/instances/other/tokens/" + id
                + "/validity?at=" + encode(createdAt.toString()), null).statusCode()).isEqualTo(404);
    }

    @Test
    void validityOfAnExpiredToken() {
        String tokens = validityTokens();
        JsonNode created = json(service.admin("POST", tokens, "{\"name\":\"brief\",\"ttlDuration\":\"1h\"}")).get("token");
        Instant validUntil = Instant.parse(created.get("validUntil").asText());
        String validity = tokens + "/" + created.get("id").asText() + "/validity?at=";
        assertThat(json(service.admin("GET", validity + encode(validUntil.minusMillis(1).toString()), null)).get("valid").asBoolean()).isTrue();
        JsonNode atEnd = json(service.admin("GET", validity + encode(validUntil.toString()), null));
        assertThat(atEnd.get("valid").asBoolean()).isFalse();
        assertThat(atEnd.get("reason").asText()).isEqualTo("expired");
    }

    // Access review: who could act on the instance at a moment, and what a token could reach, from the event store.

    private static JsonNode access(String path, String at, String action) {
        HttpResponse<String> response = service.admin("GET", path + "?at=" + encode(at) + (action == null ? "" : "&action=" + action), null);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return json(response);
    }

    private static List<String> grants(JsonNode access) {
        List<String> grants = new ArrayList<>();
        access.get("grants").forEach(grant -> grants.add(grant.get("tokenId").asText() + "#" + grant.get("generation").asInt()
                + " " + grant.get("actions").toString() + " " + grant.get("rule").get("kind").asText()));
        return grants;
    }

    @Test
    void accessReviewOfTheInstanceAtEachMomentOfTheScript() {
        String path = REGION + "/instances/" + instanceId + "/access";
        JsonNode before = access(path, beforeTheScript.toString(), null);
        assertThat(before.get("instanceState").asText()).isEqualTo("not-yet-registered");
        assertThat(before.get("grants")).isEmpty();

        JsonNode afterR01 = access(path, answered.get("r01").toString(), null);
        assertThat(afterR01.get("instanceState").asText()).isEqualTo("registered");
        assertThat(afterR01.get("labels").get("group").asText()).isEqualTo("A");
        assertThat(grants(afterR01)).isEmpty();

        String both = "[\"query\",\"manage\"]";
        assertThat(grants(access(path, answered.get("r02").toString(), null))).containsExactly(tokenA + "#1 " + both + " instance-token");
        assertThat(grants(access(path, answered.get("r04").toString(), null))).containsExactly(tokenA + "#2 " + both + " instance-token");
        assertThat(grants(access(path, answered.get("r06").toString(), null)))
                .containsExactly(tokenA + "#2 " + both + " instance-token", tokenB + "#2 " + both + " instance-token");
        // The relabelling carries no time of its own: the review places it when it was recorded.
        assertThat(access(path, answered.get("r06").toString(), null).get("labels").get("group").asText()).isEqualTo("A");
        assertThat(access(path, answered.get("r07").toString(), null).get("labels").get("group").asText()).isEqualTo("B");

        JsonNode afterR10 = access(path, answered.get("r10").toString(), null);
        assertThat(grants(afterR10)).containsExactly(tokenA + "#2 " + both + " instance-token",
                tokenB + "#2 " + both + " instance-token", tokenC + "#1 [\"query\"] selector");
        assertThat(afterR10.get("grants").get(2).get("rule").get("selector").get("group").asText()).isEqualTo("B");
        assertThat(afterR10.get("grants").get(2).get("role").asText()).isEqualTo("read-only");
        assertThat(grants(access(path, answered.get("r10").toString(), "manage")))
                .containsExactly(tokenA + "#2 [\"manage\"] instance-token", tokenB + "#2 [\"manage\"] instance-token");

        assertThat(grants(access(path, answered.get("r15").toString(), null)))
                .containsExactly(tokenA + "#2 " + both + " instance-token", tokenC + "#1 [\"query\"] selector");
        assertThat(grants(access(path, answered.get("r20").toString(), null))).containsExactly(tokenA + "#3 " + both + " instance-token");
        JsonNode now = json(service.admin("GET", path, null));
        assertThat(grants(now)).containsExactly(tokenA + "#3 " + both + " instance-token");
        assertThat(now.get("eventsRead").asLong()).isGreaterThanOrEqualTo(history.size());
    }

    @Test
    void accessReviewOfATokenAtEachMomentOfTheScript() {
        String selectorToken = REGION + "/tokens/" + tokenC + "/access";
        assertThat(access(selectorToken, answered.get("r09").toString(), null).get("state").asText()).isEqualTo("not-yet-created");
        JsonNode reach = access(selectorToken, answered.get("r10").toString(), null);
        assertThat(reach.get("state").asText()).isEqualTo("active");
        assertThat(reach.get("generation").asInt()).isEqualTo(1);
        assertThat(reach.get("instances")).hasSize(1);
        assertThat(reach.get("instances").get(0).get("instanceId").asText()).isEqualTo(instanceId);
        assertThat(reach.get("instances").get(0).get("actions").toString()).isEqualTo("[\"query\"]");
        assertThat(access(selectorToken, answered.get("r10").toString(), "manage").get("instances")).isEmpty();
        assertThat(access(selectorToken, answered.get("r17").toString(), null).get("state").asText()).isEqualTo("revoked");
        assertThat(access(selectorToken, answered.get("r17").toString(), null).get("instances")).isEmpty();

        String instanceToken = REGION + "/instances/" + instanceId + "/tokens/" + tokenB + "/access";
        JsonNode b = access(instanceToken, answered.get("r06").toString(), null);
        assertThat(b.get("generation").asInt()).isEqualTo(2);
        assertThat(b.get("instances").get(0).get("actions").toString()).isEqualTo("[\"query\",\"manage\"]");
        assertThat(access(instanceToken, answered.get("r15").toString(), null).get("state").asText()).isEqualTo("revoked");
    }

    @Test
    void badAccessReviewQuestionsAreProblemsThatEchoNothing() {
        String path = REGION + "/instances/" + instanceId + "/access";
        for (String query : List.of("?at=yesterday", "?at=" + encode(Instant.now().plus(Duration.ofHours(1)).toString()),
                "?action=delete", "?action=tka_secret-in-the-wrong-place")) {
            HttpResponse<String> response = service.admin("GET", path + query, null);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.body()).doesNotContain("yesterday", "delete", "tka_secret");
        }
        assertThat(service.admin("GET", REGION + "/instances/no-such-instance/access", null).statusCode()).isEqualTo(404);
        assertThat(service.admin("GET", PROJECT + "/regions/gra/instances/" + instanceId + "/access", null).statusCode()).isEqualTo(404);
        // a selector token is not under an instance's path; an instance token not under the region's
        assertThat(service.admin("GET", REGION + "/instances/" + instanceId + "/tokens/" + tokenC + "/access", null).statusCode()).isEqualTo(404);
        assertThat(service.admin("GET", REGION + "/tokens/" + tokenA + "/access", null).statusCode()).isEqualTo(404);
    }

    private static void sleepPast(Instant instant) {
        try {
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), instant).toMillis()) + 5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
