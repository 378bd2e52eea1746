package dev.tokenauthority.app;

import static dev.tokenauthority.app.RunningService.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The second seed's examples, verbatim, through the real API: label-selector tokens, roles and regions. */
class ScopedTokensEndToEndTests {

    private static final String GRA = "/v1alpha/projects/p-1/regions/gra";

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

    private static JsonNode createProjectToken(String body) {
        HttpResponse<String> response = service.admin("POST", GRA + "/tokens", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).get("token");
    }

    private static int query(String secret, String instanceId) {
        return service.verify(secret, "gra", instanceId, "query");
    }

    private static int manage(String secret, String method, String path) {
        return service.send(method, GRA + "/instances/" + path, null, null, secret).statusCode();
    }

    @Test
    void readOnlyTokenForGroupAOpensEveryGroupAAppAndNoOther() {
        String a1 = service.registerInstance("gra", "{\"group\":\"A\"}");
        String a2 = service.registerInstance("gra", "{\"group\":\"A\",\"tier\":\"gpu\"}");
        String b1 = service.registerInstance("gra", "{\"group\":\"B\"}");
        String elsewhere = service.registerInstance("bhs", "{\"group\":\"A\"}");

        // "a token for the AI Apps matching the label group=A with read-only access in the GRA cluster"
        JsonNode token = createProjectToken("{\"name\":\"group-a-reader\",\"selector\":{\"group\":\"A\"},\"role\":\"read-only\"}");
        String secret = token.get("content").asText();
        assertThat(token.get("role").asText()).isEqualTo("read-only");
        assertThat(token.get("selector").get("group").asText()).isEqualTo("A");

        assertThat(query(secret, a1)).isEqualTo(204);
        assertThat(query(secret, a2)).isEqualTo(204);
        assertThat(query(secret, b1)).isEqualTo(403);
        assertThat(service.verify(secret, "bhs", elsewhere, "query")).as("another region").isEqualTo(403);

        // "including the ones submitted after the creation of the token"
        String later = service.registerInstance("gra", "{\"group\":\"A\"}");
        assertThat(query(secret, later)).isEqualTo(204);

        // relabelled out of group A: covered no more; and back
        assertThat(service.admin("PATCH", GRA + "/instances/" + a1, "{\"labels\":{\"group\":\"B\"}}").statusCode()).isEqualTo(200);
        assertThat(query(secret, a1)).isEqualTo(403);
        assertThat(service.admin("PATCH", GRA + "/instances/" + b1, "{\"labels\":{\"group\":\"A\"}}").statusCode()).isEqualTo(200);
        assertThat(query(secret, b1)).isEqualTo(204);

        // read-only: no lifecycle
        assertThat(service.verify(secret, "gra", b1, "manage")).isEqualTo(403);
        assertThat(manage(secret, "POST", b1 + "/stop")).isEqualTo(403);

        HttpResponse<String> listed = service.admin("GET", GRA + "/tokens", null);
        assertThat(json(listed).get("tokens").findValuesAsText("id")).contains(token.get("id").asText());
        assertThat(listed.body()).doesNotContain(secret);
    }

    @Test
    void operatorTokenOnOneAppIdCanStopAndStartThatAppAndNothingElse() {
        String app = service.registerInstance("gra", "{\"group\":\"A\"}");
        String other = service.registerInstance("gra", "{\"group\":\"A\"}");

        // "Token scope: ovh/id=<app id>, role: Operator, region: GRA" — with our reserved prefix
        String operator = createProjectToken("{\"name\":\"app-operator\",\"selector\":{\"token-authority/id\":\""
                + app + "\"},\"role\":\"operator\"}").get("content").asText();
        String reader = createProjectToken("{\"name\":\"reader\",\"selector\":{\"token-authority/id\":\""
                + app + "\"},\"role\":\"read-only\"}").get("content").asText();

        HttpResponse<String> stopped = service.send("POST", GRA + "/instances/" + app + "/stop", null, null, operator);
        assertThat(stopped.statusCode()).isEqualTo(200);
        assertThat(json(stopped).get("state").asText()).isEqualTo("stopped");
        HttpResponse<String> started = service.send("POST", GRA + "/instances/" + app + "/start", null, null, operator);
        assertThat(json(started).get("state").asText()).isEqualTo("running");
        assertThat(service.verify(operator, "gra", app, "manage")).isEqualTo(204);
        assertThat(query(operator, app)).isEqualTo(204);

        assertThat(manage(operator, "POST", other + "/stop")).as("another app").isEqualTo(403);
        assertThat(manage(reader, "POST", app + "/stop")).as("a read-only token").isEqualTo(403);
        assertThat(query(reader, app)).isEqualTo(204);

        // a token is no admin key: nothing but the manage action on what it covers
        assertThat(service.send("GET", GRA + "/instances/" + app, null, null, operator).statusCode()).isEqualTo(401);
        assertThat(service.send("PATCH", GRA + "/instances/" + app, "{\"labels\":{}}", "application/json", operator)
                .statusCode()).isEqualTo(401);
        assertThat(service.send("POST", GRA + "/tokens", "{\"name\":\"x\",\"role\":\"operator\",\"selector\":{\"a\":\"b\"}}",
                "application/json", operator).statusCode()).isEqualTo(401);

        // the operator may delete its app; then its own token covers nothing
        assertThat(manage(operator, "DELETE", app)).isEqualTo(204);
        assertThat(service.admin("GET", GRA + "/instances/" + app, null).statusCode()).isEqualTo(404);
        assertThat(query(operator, app)).isEqualTo(403);
        assertThat(manage(operator, "POST", app + "/start")).isEqualTo(403);
    }

    @Test
    void instanceTokensActAsOperatorUnlessReadOnlyAndDieWithTheirInstance() {
        String app = service.registerInstance("gra", "{}");
        String tokens = GRA + "/instances/" + app + "/tokens";
        HttpResponse<String> op = service.admin("POST", tokens, "{\"name\":\"op\"}");
        HttpResponse<String> ro = service.admin("POST", tokens, "{\"name\":\"ro\",\"role\":\"read-only\"}");
        String operator = json(op).get("token").get("content").asText();
        String readOnly = json(ro).get("token").get("content").asText();
        assertThat(json(op).get("token").get("role").asText()).isEqualTo("operator");
        assertThat(json(op).get("token").has("selector")).isFalse();

        assertThat(manage(readOnly, "POST", app + "/stop")).isEqualTo(403);
        assertThat(manage(operator, "POST", app + "/stop")).isEqualTo(200);
        assertThat(query(readOnly, app)).isEqualTo(204);

        assertThat(service.admin("DELETE", GRA + "/instances/" + app, null).statusCode()).isEqualTo(204);
        assertThat(query(operator, app)).isEqualTo(401);
        assertThat(query(readOnly, app)).isEqualTo(401);
        assertThat(service.admin("POST", tokens, "{\"name\":\"late\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void platformInstanceIdsCanBeKeptAndReservedLabelsAreThePlatforms() {
        HttpResponse<String> registered = service.admin("POST", GRA + "/instances",
                "{\"id\":\"4c4f6253-a059-424a-92da-5e06a12ddffd\",\"type\":\"app\",\"name\":\"hello\","
                        + "\"labels\":{\"group\":\"A\",\"token-authority/id\":\"forged\",\"token-authority/type\":\"experiments\"}}");
        assertThat(registered.statusCode()).isEqualTo(201);
        JsonNode labels = json(registered).get("labels");
        assertThat(labels.get("token-authority/id").asText()).isEqualTo("4c4f6253-a059-424a-92da-5e06a12ddffd");
        assertThat(labels.get("token-authority/type").asText()).isEqualTo("app");
        assertThat(labels.get("group").asText()).isEqualTo("A");
    }
}
