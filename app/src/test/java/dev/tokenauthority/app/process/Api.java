package dev.tokenauthority.app.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The service's HTTP API as a crash test uses it. An {@link IOException} means no answer arrived: the call may or
 * may not have taken effect, and the ledger must treat it as unknown.
 */
public final class Api {

    public static final ObjectMapper JSON = new ObjectMapper();

    public record Answer(int status, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;
    private final String adminKey;

    public Api(ServiceProcess service) {
        this(service.base(), service.adminKey());
    }

    /** The API of a service at {@code base} ({@code http://127.0.0.1:port}), however it was started. */
    public Api(String base, String adminKey) {
        this.base = base;
        this.adminKey = adminKey;
    }

    public Answer admin(String method, String path, String json) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + adminKey)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = send(request.build());
        return new Answer(response.statusCode(), response.body());
    }

    /**
     * The items of a list call ({@code field} is "tokens" or "instances"); any other answer fails the test with the
     * call and what it answered, so a flaky run says what the service did.
     */
    public JsonNode list(String path, String field) throws IOException {
        ArrayNode all = JSON.createArrayNode();
        String next = null;
        do { // every page: a list answers at most 1,000 items and the next page's token
            String page = next == null ? path : path + (path.contains("?") ? "&" : "?") + "pageToken=" + next;
            Answer answer = admin("GET", page, null);
            JsonNode body = answer.status() == 200 ? answer.json() : null;
            JsonNode items = body == null ? null : body.get(field);
            if (items == null || !items.isArray()) {
                throw new AssertionError("GET " + page + " answered " + answer.status() + ": " + answer.body());
            }
            all.addAll((ArrayNode) items);
            next = body.hasNonNull("next") ? body.get("next").asText() : null;
        } while (next != null);
        return all;
    }

    /** Verify as a gateway asks it: the status code (204, 401, 403). */
    public int verify(String secret, String projectId, String regionId, String instanceId) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1alpha/verify?projectId=" + encode(projectId)
                        + "&regionId=" + encode(regionId) + "&instanceId=" + encode(instanceId)))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + secret).build();
        return send(request).statusCode();
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
