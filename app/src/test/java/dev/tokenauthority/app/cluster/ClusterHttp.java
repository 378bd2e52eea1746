package dev.tokenauthority.app.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The admin API and verify, against any node (or nginx) of the cluster. */
final class ClusterHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    record Answer(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String adminKey;

    ClusterHttp(String adminKey) {
        this.adminKey = adminKey;
    }

    Answer admin(String base, String method, String path, String json) throws IOException {
        return as(adminKey, base, method, path, json);
    }

    /** A call with another credential than the admin key (a service account's, say). */
    Answer as(String bearer, String base, String method, String path, String json) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + bearer)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = send(request.build());
        return new Answer(response.statusCode(), response.body());
    }

    /** The status verify answers for {@code secret} on the instance (204, 401, 403, or 503 when not serving). */
    int verify(String base, String secret, String instancePath) throws IOException {
        String[] parts = instancePath.split("/"); // projects/{p}/regions/{r}/instances/{i}
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1alpha/verify?projectId=" + parts[1]
                        + "&regionId=" + parts[3] + "&instanceId=" + parts[5]))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + secret).build();
        return send(request).statusCode();
    }

    /** The readiness probe's status: 200 while the node accepts tokens, 503 otherwise. */
    int readiness(String base) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(10)).build()).statusCode();
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
