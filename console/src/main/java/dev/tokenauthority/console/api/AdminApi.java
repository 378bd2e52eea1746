package dev.tokenauthority.console.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.tokenauthority.console.security.ConsoleUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * The console's only way to read or change anything: the service's own admin API, called over loopback with the
 * signed-in user's credential. So the console can do exactly what that credential may, and every rule, every
 * validation and every audit entry is the API's own; the console keeps no second copy of any of them.
 */
@Component
public class AdminApi {

    /** What the API answered: its status and its JSON (a problem's {@code detail} and {@code code} when refused). */
    public record Answer(int status, JsonNode body) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public String detail() {
            return body.path("detail").asText("the call failed (" + status + ")");
        }

        public String code() {
            return body.path("code").asText("");
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json;
    private final ApplicationContext context;
    private final String host;

    AdminApi(ObjectMapper json, ApplicationContext context, @Value("${server.address:}") String address) {
        this.json = json;
        this.context = context;
        // Bound to every address (or none given): the loopback one is among them.
        this.host = address.isBlank() || address.equals("0.0.0.0") || address.equals("::") ? "127.0.0.1"
                : address.contains(":") ? "[" + address + "]" : address;
    }

    public Answer get(ConsoleUser user, String path) {
        return call(user, "GET", path, null);
    }

    public Answer call(ConsoleUser user, String method, String path, Object body) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                    .timeout(Duration.ofSeconds(15))
                    .header("Authorization", "Bearer " + user.credential())
                    .header("Accept", "application/json");
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode answer = response.body().length == 0 ? MissingNode.getInstance() : parse(response.body());
            return new Answer(response.statusCode(), answer);
        } catch (IOException e) {
            throw new UncheckedIOException("the admin API did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode parse(byte[] body) {
        try {
            return json.readTree(body);
        } catch (IOException notJson) {
            return MissingNode.getInstance(); // an export, say: the console does not read those
        }
    }
}
