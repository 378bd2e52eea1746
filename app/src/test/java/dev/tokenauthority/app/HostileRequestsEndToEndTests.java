package dev.tokenauthority.app;

import static dev.tokenauthority.app.RunningService.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenauthority.app.battery.RawHttp;
import dev.tokenauthority.events.secret.SecretFormat;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the endpoint fuzzer (battery test 4, {@code EndpointFuzzIT}) found, one case each, through the real HTTP
 * API: errors answered before the application (Tomcat, Spring Security's firewall, the error dispatch) as RFC 9457
 * problems; no write that answers an error; JSON read strictly; ids in one form; no secret stored or echoed from
 * where a client put it by mistake.
 */
class HostileRequestsEndToEndTests {

    @TempDir
    static Path dataDir;
    private static RunningService service;
    private static final String SECRET = SecretFormat.TOKEN.generate(new SecureRandom());

    @BeforeAll
    static void start() {
        service = RunningService.start(dataDir);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void errorsTomcatAnswersItselfAreProblems() throws IOException {
        assertProblem(raw("GET /v1alpha/verify?projectId=\u00fc&regionId=a&instanceId=b HTTP/1.1"), 400);
        assertProblem(raw("GET /v1alpha/projects/%zz/regions/eu01/instances HTTP/1.1"), 400);
        assertProblem(raw("GET /v1alpha/verify HTTP/1.1\r\nX-Padding: " + "p".repeat(70_000)), 400);
        assertProblem(raw("TRACE /v1alpha/verify HTTP/1.1"), 405);
        assertProblem(raw("CONNECT /v1alpha/verify HTTP/1.1"), 405);
    }

    @Test
    void errorsOfTheErrorDispatchAreProblemsThatDoNotEchoThePath() throws IOException {
        String refused = raw("GET /v1alpha/projects/p-1;" + SECRET + "/regions/eu01/instances HTTP/1.1");
        assertProblem(refused, 400);
        assertThat(refused).doesNotContain(SECRET);
        assertProblem(raw("GET /v1alpha/projects/%252e/regions/eu01/instances HTTP/1.1"), 400);
        assertProblem(raw("GET /v1alpha/no-such-thing HTTP/1.1\r\nAccept: application/x-ndjson"), 404);
    }

    /**
     * Found by the leak scan at full scale: a path no endpoint maps answered Spring's "No static resource
     * {path}", so a secret pasted into it came back in the answer. Neither it nor the other details Spring words
     * (a method, a content type) may quote what the client sent.
     */
    @Test
    void noProblemQuotesTheRequestBack() throws IOException {
        String key = SecretFormat.SERVICE_ACCOUNT_KEY.generate(new SecureRandom());
        for (String secret : List.of(SECRET, key)) {
            String body = secret.substring(secret.indexOf('_') + 1);
            String unmapped = raw("DELETE /v1alpha/projects/p-1/x/service-accounts/" + secret + " HTTP/1.1");
            assertProblem(unmapped, 404);
            assertThat(unmapped).doesNotContain(body).doesNotContain("/x/service-accounts");
            String noSuchMethod = raw(secret + " " + RunningService.INSTANCES + " HTTP/1.1");
            assertThat(noSuchMethod).doesNotContain(body);
            String contentType = raw("POST " + RunningService.INSTANCES + " HTTP/1.1\r\nContent-Type: text/" + secret
                    + "\r\nContent-Length: 2", "{}");
            assertProblem(contentType, 415);
            assertThat(contentType).doesNotContain(body);
        }
    }

    @Test
    void anAcceptHeaderThatExcludesJsonIsRefusedBeforeAnythingChanges() throws IOException {
        long events = service.eventCount();
        String answer = raw("POST " + RunningService.INSTANCES + " HTTP/1.1\r\nAccept: image/png\r\n"
                + "Content-Type: application/json\r\nContent-Length: 14", "{\"type\":\"app\"}");
        assertProblem(answer, 406);
        assertThat(service.eventCount()).as("events after a refused registration").isEqualTo(events);
        assertProblem(raw("GET " + RunningService.INSTANCES + " HTTP/1.1\r\nAccept: garbage/"), 406);
    }

    @Test
    void aWildcardContentTypeIs415() throws IOException {
        assertProblem(raw("POST " + RunningService.INSTANCES + " HTTP/1.1\r\nContent-Type: */*\r\nContent-Length: 14",
                "{\"type\":\"app\"}"), 415);
    }

    @Test
    void aFormBodyWhereJsonBelongsIs415AndChangesNothingEvenWithABadEscape() throws IOException {
        JsonNode token = service.create("{\"name\":\"form\"}");
        String path = service.tokens() + "/" + token.get("id").asText();
        for (String body : new String[] {"a=%zz", "name=renamed", "%"}) { // a bad escape was a 500 (found by the battery)
            long events = service.eventCount();
            assertProblem(raw("PATCH " + path + " HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: " + body.length(), body), 415);
            assertThat(service.eventCount()).as(body).isEqualTo(events);
        }
        assertThat(service.admin("GET", path, null).body()).contains("\"name\":\"form\"");
    }

    @Test
    void jsonIsReadStrictly() {
        String tokens = service.tokens();
        for (String body : new String[] {
                "{\"name\":\"a\",\"name\":\"b\"}",            // a duplicate key (was a 500 with Java records)
                "{\"name\":\"a\"} {\"name\":\"b\"}",          // trailing data
                "{\"name\":\"a\"}x",
                "{\"name\":42}",                            // a number where a string belongs
                "{\"name\":true}",
                "{\"name\":\"" + SECRET + "\"}",            // a secret where a name belongs
                "{\"name\":\"a\",\"description\":\"mine: " + SECRET.substring(4) + "\"}", // one without its prefix
                "{\"name\":\"a\",\"labels\":{\"" + SECRET + "\":\"x\"}}", // as a label key
                "{\"" + SECRET + "\":\"a\"}"}) {            // as a field name
            long events = service.eventCount();
            HttpResponse<String> answer = service.admin("POST", tokens, body);
            assertThat(answer.statusCode()).as(body).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(answer.body()).as(body).doesNotContain(SECRET).doesNotContain(SECRET.substring(4));
            assertThat(service.eventCount()).as(body).isEqualTo(events);
        }
    }

    @Test
    void anIdIsTheFormTheApiGaveOutAndNeverASecret() {
        JsonNode token = service.create("{\"name\":\"canonical\"}");
        String id = token.get("id").asText();
        HttpResponse<String> upper = service.admin("PATCH", service.tokens() + "/" + id.toUpperCase(), "{\"name\":\"renamed\"}");
        assertThat(upper.statusCode()).as("an upper-case spelling of a token id (was a rename, then a 500)").isEqualTo(404);
        assertThat(json(service.admin("GET", service.tokens() + "/" + id, null)).get("name").asText()).isEqualTo("canonical");

        long events = service.eventCount();
        HttpResponse<String> asInstance = service.admin("POST", RunningService.INSTANCES + "/" + SECRET + "/start", null);
        assertThat(asInstance.statusCode()).isEqualTo(400);
        assertThat(asInstance.body()).doesNotContain(SECRET);
        HttpResponse<String> registered = service.admin("POST", RunningService.INSTANCES,
                "{\"type\":\"app\",\"id\":\"" + SECRET + "\"}");
        assertThat(registered.statusCode()).isEqualTo(400);
        assertThat(service.eventCount()).isEqualTo(events);
    }

    @Test
    void theDeniedPageWithoutTheGatewaysHeadersIsABadRequestNotAnErrorOfOurs() throws IOException {
        // A browser's request (the page is HTML for it) that lacks the headers every gateway request carries: was 502.
        assertThat(raw("GET /v1alpha/gateway/denied HTTP/1.1\r\nAccept: text/html")).startsWith("HTTP/1.1 400 ");
    }

    @Test
    void noProblemRepeatsThePathItWasAnsweredFor() {
        HttpResponse<String> answer = service.admin("GET", RunningService.INSTANCES + "/" + SECRET, null);
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).doesNotContain(SECRET).doesNotContain("\"instance\"");
        HttpResponse<String> missing = service.admin("GET", service.tokens() + "/" + java.util.UUID.randomUUID(), null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).doesNotContain("\"instance\"");
    }

    @Test
    void aParameterOfTheWrongTypeIsNotEchoed() {
        // Spring's own detail is "Failed to convert 'pageSize' with value: '<the value>'": a secret would come back.
        for (String path : List.of(service.tokens(), "/v1alpha/projects/p-1/audit")) {
            HttpResponse<String> answer = service.admin("GET", path + "?pageSize=" + SECRET, null);
            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(answer.body()).as(path).doesNotContain(SECRET).contains("pageSize must be a whole number");
        }
    }

    private static String raw(String head) throws IOException {
        return raw(head, "");
    }

    private static String raw(String head, String body) throws IOException {
        return RawHttp.exchange("127.0.0.1", service.port(), head + "\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + RunningService.ADMIN_KEY + "\r\nConnection: close\r\n\r\n" + body);
    }

    private static void assertProblem(String answer, int status) throws IOException {
        assertThat(answer).startsWith("HTTP/1.1 " + status + " ");
        int headEnd = answer.indexOf("\r\n\r\n");
        assertThat(answer.substring(0, headEnd)).containsIgnoringCase("\r\nContent-Type: application/problem+json");
        String body = answer.substring(headEnd + 4);
        if (answer.substring(0, headEnd).toLowerCase().contains("transfer-encoding: chunked")) {
            body = body.substring(body.indexOf("\r\n") + 2, body.lastIndexOf("\r\n0\r\n"));
        }
        JsonNode problem = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.hasNonNull("title")).isTrue();
    }
}
