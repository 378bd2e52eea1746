package dev.tokenauthority.cli.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenauthority.cli.ExitCodes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * The REST API, one call at a time: the credential as a bearer token, JSON in and out, and every answer that is not
 * a success turned into an {@link ApiFailure} with the problem's own words (RFC 9457 {@code detail}) and an exit
 * code by status. The credential never appears in a message.
 */
public final class ApiClient {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String credential;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ApiClient(URI base, String credential) {
        this.base = base;
        this.credential = credential;
    }

    /** The JSON the call answered ({@code null} for 204), or an {@link ApiFailure}. */
    public JsonNode call(String method, String path, JsonNode body) {
        HttpResponse<String> answer = send(method, path, body, "application/json", HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw failure(answer.statusCode(), answer.body());
        }
        try {
            return answer.body().isEmpty() ? null : JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new ApiFailure(ExitCodes.REFUSED, "the service answered something that is not JSON");
        }
    }

    /** A call whose answer is streamed as it comes (the audit export). */
    public InputStream stream(String path, String accept) {
        HttpResponse<InputStream> answer = send("GET", path, null, accept, HttpResponse.BodyHandlers.ofInputStream());
        if (answer.statusCode() / 100 != 2) {
            try (InputStream body = answer.body()) {
                throw failure(answer.statusCode(), new String(body.readNBytes(64 * 1024), java.nio.charset.StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw failure(answer.statusCode(), "");
            }
        }
        return answer.body();
    }

    /** Only the status: for verify, whose answers carry no body worth showing. */
    public HttpResponse<String> raw(String path, String bearer) {
        return send("GET", path, null, "application/json", HttpResponse.BodyHandlers.ofString(), bearer);
    }

    private <T> HttpResponse<T> send(String method, String path, JsonNode body, String accept,
                                     HttpResponse.BodyHandler<T> handler) {
        return send(method, path, body, accept, handler, credential);
    }

    private <T> HttpResponse<T> send(String method, String path, JsonNode body, String accept,
                                     HttpResponse.BodyHandler<T> handler, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Accept", accept + ", application/problem+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            return http.send(request.build(), handler);
        } catch (HttpTimeoutException e) {
            throw new ApiFailure(ExitCodes.UNAVAILABLE, "the service did not answer within 30 s (" + base + ")");
        } catch (IOException e) {
            throw new ApiFailure(ExitCodes.UNAVAILABLE, "cannot reach the service at " + base + " ("
                    + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiFailure(ExitCodes.UNAVAILABLE, "interrupted");
        }
    }

    static ApiFailure failure(int status, String body) {
        String detail = null;
        try {
            JsonNode problem = JSON.readTree(body);
            if (problem != null && problem.hasNonNull("detail")) {
                detail = problem.get("detail").asText();
            }
        } catch (IOException notAProblem) {
            // described by the status alone
        }
        String message = status + (detail == null ? "" : ": " + detail);
        return new ApiFailure(exitCodeOf(status), message);
    }

    static int exitCodeOf(int status) {
        return switch (status) {
            case 401, 403, 429 -> ExitCodes.NOT_ALLOWED;
            case 404 -> ExitCodes.NOT_FOUND;
            case 409 -> ExitCodes.CONFLICT;
            case 502, 503, 504 -> ExitCodes.UNAVAILABLE;
            default -> ExitCodes.REFUSED;
        };
    }
}
