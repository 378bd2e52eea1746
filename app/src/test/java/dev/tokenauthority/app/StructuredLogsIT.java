package dev.tokenauthority.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenauthority.app.process.Api;
import dev.tokenauthority.app.process.ServiceLauncher;
import dev.tokenauthority.app.process.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar with {@code logging.structured.format.console=ecs} and Spring's web and security logging at
 * DEBUG: every line it writes is one JSON object, an admin call's lines carry its request id, actor and token id
 * as fields, and no secret appears, also those a client sent where they do not belong (path, query, header); and
 * nothing is logged at WARN or above, also for requests refused (an operator reads every WARN line of a normal run as
 * something to act on).
 */
class StructuredLogsIT {

    private static final String ADMIN_KEY = "structured-logs-admin-key-0123456789-0123456789";
    private static final String INSTANCES = "/v1alpha/projects/p-logs/regions/eu01/instances";

    @Test
    void everyLineIsJsonWithTheCallsFieldsAndNoSecret() throws Exception {
        Path work = Files.createDirectories(Path.of("target", "structured-logs-it").toAbsolutePath());
        Path dataDir = Files.createTempDirectory(work, "data-");
        Path log = work.resolve(dataDir.getFileName() + ".log");
        List<String> secrets = new ArrayList<>();
        try (ServiceProcess service = ServiceLauncher.packagedJarOnH2(ADMIN_KEY, "--logging.structured.format.console=ecs",
                "--logging.level.org.springframework.web=DEBUG", "--logging.level.org.springframework.security=DEBUG")
                .start(dataDir, log)) {
            Api api = new Api(service);
            assertThat(api.admin("POST", INSTANCES, "{\"id\":\"i-1\",\"type\":\"app\",\"name\":\"logs\"}").status()).isEqualTo(201);
            JsonNode token = api.admin("POST", INSTANCES + "/i-1/tokens", "{\"name\":\"logged\"}").json().get("token");
            secrets.add(token.get("content").asText());
            String tokenId = token.get("id").asText();
            Api.Answer regenerated = api.admin("POST", INSTANCES + "/i-1/tokens/" + tokenId + "/regenerate", null);
            assertThat(regenerated.status()).isEqualTo(200);
            String current = regenerated.json().get("token").get("content").asText();
            secrets.add(current);

            assertThat(api.verify(secrets.get(0), "p-logs", "eu01", "i-1")).isEqualTo(401);
            assertThat(api.verify(current, "p-logs", "eu01", "i-1")).isEqualTo(204);
            HttpClient http = HttpClient.newHttpClient();
            for (String misplaced : List.of(INSTANCES + "/" + current, INSTANCES + "?filter=" + current)) {
                http.send(HttpRequest.newBuilder(URI.create(service.base() + misplaced))
                        .header("Authorization", "Bearer " + ADMIN_KEY).header("X-Api-Key", current).build(),
                        HttpResponse.BodyHandlers.discarding());
            }
            // an admin's mistakes are answered, not warned of: a token that does not exist, a description refused
            assertThat(api.admin("POST", INSTANCES + "/i-1/tokens/" + java.util.UUID.randomUUID() + "/regenerate", null)
                    .status()).as("a token that does not exist").isEqualTo(404);
            assertThat(api.admin("POST", INSTANCES + "/i-1/tokens", "{\"name\":\"x\",\"description\":\"" + "d".repeat(300) + "\"}")
                    .status()).as("a description too long").isEqualTo(400);
            // anyone can send these: none may write a WARN line (each would be one per request)
            http.send(HttpRequest.newBuilder(URI.create(service.base() + "/")).header("Accept", "not a media type").build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(http.send(HttpRequest.newBuilder(URI.create(service.base() + "/v3/api-docs"))
                    .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode()).as("a method a public endpoint does not take").isEqualTo(405);
            service.stop();

            List<String> lines = Files.readAllLines(log).stream().filter(line -> !line.isBlank()).toList();
            assertThat(lines).hasSizeGreaterThan(20);
            boolean callFields = false;
            for (String line : lines) {
                JsonNode entry = Api.JSON.readTree(line);
                assertThat(entry.path("@timestamp").isTextual() && entry.path("message").isTextual())
                        .as("an ECS line: %s", line).isTrue();
                callFields |= entry.path("user").path("name").asText().equals("admin:admin")
                        && entry.path("token").path("id").asText().equals(tokenId)
                        && !entry.path("request").path("id").asText().isEmpty();
            }
            assertThat(callFields).as("a line of the regenerate call with its actor, token id and request id").isTrue();
            List<String> warnings = lines.stream().filter(line -> {
                String level = level(line);
                return level.equals("WARN") || level.equals("ERROR");
            }).toList();
            assertThat(warnings).as("a clean start, these calls (a refusal among them) and a clean stop: no WARN or ERROR")
                    .isEmpty();
            String all = String.join("\n", lines);
            for (String secret : secrets) {
                assertThat(all).doesNotContain(secret.substring(secret.indexOf('_') + 1));
            }
        }
    }

    /** An ECS line's level ({@code "log.level"}, or nested as {@code log.level}). */
    private static String level(String line) {
        try {
            JsonNode entry = Api.JSON.readTree(line);
            JsonNode level = entry.has("log.level") ? entry.get("log.level") : entry.path("log").path("level");
            return level.asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(line, e);
        }
    }
}
