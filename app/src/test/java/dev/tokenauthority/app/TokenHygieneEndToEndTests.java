package dev.tokenauthority.app;

import static dev.tokenauthority.app.RunningService.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
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
 * and the digest that makes the real call revoke exactly what the dry run showed, or nothing.
 */
class TokenHygieneEndToEndTests {

    private static final String REGION = "/v1alpha/projects/" + RunningService.PROJECT + "/regions/" + RunningService.REGION;
    private static final String BULK = REGION + "/tokens/bulk-revoke";

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
        long events = service.eventCount();
        bulk("{\"selector\":{\"team\":\"ml\"},\"namePrefix\":\"bulk-\",\"dryRun\":false,\"selection\":\"" + selection + "\"}", 409);
        assertThat(service.eventCount()).as("nothing revoked").isEqualTo(events);
        assertThat(service.verify(a.secret(), web)).isEqualTo(204);

        // again: the dry run, then the real call with its selection, under one request id
        JsonNode again = bulk("{\"selector\":{\"team\":\"ml\"},\"namePrefix\":\"bulk-\",\"dryRun\":true}", 200);
        assertThat(ids(again)).containsExactly(a.id(), b.id(), c.id(), selector.id(), late.id());
        HttpResponse<String> real = service.sendWithRequestId("POST", BULK, "{\"selector\":{\"team\":\"ml\"},\"namePrefix\":\"bulk-\","
                + "\"dryRun\":false,\"selection\":\"" + again.get("selection").asText() + "\"}", RunningService.ADMIN_KEY, "bulk-1");
        assertThat(real.statusCode()).as(real.body()).isEqualTo(200);
        JsonNode done = json(real);
        assertThat(ids(done)).containsExactly(a.id(), b.id(), c.id(), selector.id(), late.id());
        done.get("tokens").forEach(token -> assertThat(token.get("result").asText()).isEqualTo("revoked"));
        assertThat(service.eventCount()).isEqualTo(events + 5);

        // in effect at once: every revoked secret refused, the others still open
        assertThat(service.verify(a.secret(), web)).isEqualTo(401);
        assertThat(service.verify(b.secret(), web)).isEqualTo(401);
        assertThat(service.verify(c.secret(), ml)).isEqualTo(401);
        assertThat(service.verify(late.secret(), ml)).isEqualTo(401);
        assertThat(service.verify(selector.secret(), web)).isEqualTo(401);
        assertThat(service.verify(deploy.secret(), web)).isEqualTo(204);
        assertThat(service.verify(other.secret(), ml)).isEqualTo(204);

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

    @Test
    void badBulkRevocationsAreProblemsThatChangeNothingAndEchoNothing() {
        String instance = service.registerInstance("eu01", "{}");
        String secretLike = instanceToken(instance, "kept", "ml").secret(); // sent by mistake where a name belongs
        long events = service.eventCount();
        for (Map.Entry<String, String> bad : Map.of(
                "{\"dryRun\":true}", "at least one of",
                "{\"selector\":{\"team\":\"ml\"}}", "dryRun must be",
                "{\"selector\":{\"team\":\"ml\"},\"dryRun\":false}", "selection must be",
                "{\"selector\":{\"team\":\"ml\"},\"dryRun\":false,\"selection\":\"zz\"}", "selection must be",
                "{\"selector\":{},\"dryRun\":true}", "selector must be",
                "{\"namePrefix\":\"" + secretLike + "\",\"dryRun\":true}", "looks like a token secret",
                "{\"instanceId\":\"../x\",\"dryRun\":true}", "instanceId",
                "{\"unusedSince\":\"2026-01-01T00:00:00Z\",\"dryRun\":true}", "",
                "{\"selector\":{\"team\":\"ml\"},\"dryRun\":\"yes\"}", "",
                "[1,2]", "").entrySet()) {
            HttpResponse<String> answer = service.admin("POST", BULK, bad.getKey());
            assertThat(answer.statusCode()).as(bad.getKey() + " -> " + answer.body()).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(answer.body()).contains(bad.getValue()).doesNotContain(secretLike.substring(4));
        }
        assertThat(service.admin("POST", BULK, "{\"namePrefix\":\"kept\",\"dryRun\":true}").statusCode()).isEqualTo(200);
        assertThat(service.eventCount()).as("nothing changed").isEqualTo(events);
    }
}
