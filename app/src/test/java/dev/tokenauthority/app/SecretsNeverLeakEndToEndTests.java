package dev.tokenauthority.app;

import static dev.tokenauthority.app.RunningService.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenauthority.events.secret.SecretHasher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Every secret issued during a full lifecycle, searched for in everything the service wrote: its log, every
 * byte of its data directory (event store, read models, deadlines), and every response but the one that
 * issued it.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsNeverLeakEndToEndTests {

    @TempDir
    Path dataDir;

    @Test
    void noSecretInLogsEventsReadModelsOrOtherResponses(CapturedOutput output) throws IOException {
        List<String> secrets = new ArrayList<>();
        List<String> otherResponses = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        try (RunningService service = RunningService.start(dataDir, "--logging.level.root=DEBUG",
                "--logging.level.org.apache.tomcat=INFO", "--logging.level.org.apache.catalina=INFO",
                "--logging.level.jdk.internal.httpclient=INFO", "--logging.level.org.axonframework=DEBUG",
                "--logging.level.org.springframework.web=TRACE")) {
            for (int i = 0; i < 3; i++) {
                JsonNode created = service.create("{\"name\":\"leak-" + i + "\",\"ttlDuration\":\"1h\"}");
                String id = created.get("id").asText();
                ids.add(id);
                secrets.add(created.get("content").asText());
                for (int r = 0; r < 2; r++) {
                    secrets.add(json(service.admin("POST", service.tokens() + "/" + id + "/regenerate", null))
                            .get("token").get("content").asText());
                }
                otherResponses.add(service.admin("PATCH", service.tokens() + "/" + id, "{\"name\":\"renamed-" + i + "\"}").body());
                otherResponses.add(service.admin("GET", service.tokens() + "/" + id, null).body());
            }
            otherResponses.add(service.admin("GET", service.tokens(), null).body());
            for (String secret : secrets) {
                otherResponses.add(service.send("GET", "/v1alpha/verify?projectId=p-1&regionId=eu01&instanceId=" + service.instanceId(),
                        null, null, secret).body());
                otherResponses.add(service.send("GET", "/v1alpha/verify?projectId=p-1&regionId=eu01&instanceId=i-x",
                        null, null, secret).body());
                otherResponses.add(service.send("GET", service.tokens(), null, null, secret).body()); // secret as admin key
            }
            // Service-account keys: created, rotated, used, used after rotation, deleted.
            String accounts = "/v1alpha/projects/p-1/service-accounts";
            for (int i = 0; i < 2; i++) {
                JsonNode account = json(service.admin("POST", accounts, "{\"name\":\"leak-sa-" + i + "\",\"role\":\"editor\"}"))
                        .get("serviceAccount");
                String key = account.get("content").asText();
                String rotated = json(service.admin("POST", accounts + "/" + account.get("id").asText() + "/rotate", null))
                        .get("serviceAccount").get("content").asText();
                secrets.add(key);
                secrets.add(rotated);
                otherResponses.add(service.send("GET", service.tokens(), null, null, key).body()); // refused: rotated away
                otherResponses.add(service.send("GET", service.tokens(), null, null, rotated).body());
                otherResponses.add(service.send("GET", accounts, null, null, rotated).body()); // an editor is no owner
                otherResponses.add(service.admin("GET", accounts + "/" + account.get("id").asText(), null).body());
            }
            otherResponses.add(service.admin("GET", accounts, null).body());
            String revokedId = json(service.admin("GET", service.tokens(), null)).get("tokens").get(0).get("id").asText();
            otherResponses.add(service.admin("DELETE", service.tokens() + "/" + revokedId, null).body());
            assertThat(service.eventCount()).isGreaterThanOrEqualTo(13);
        }
        assertThat(secrets).hasSize(13).doesNotHaveDuplicates();
        StringBuilder everything = new StringBuilder();
        for (Path storage : RunningService.storageDirectories(dataDir)) { // on PostgreSQL, its data files too
            everything.append(everyByteUnder(storage));
        }
        String stored = everything.toString();
        // The scan does see what the events carry: the keyed hash of every secret is in there.
        SecretHasher hasher = new SecretHasher(Base64.getDecoder().decode(Files.readString(dataDir.resolve("hmac.key")).strip()));
        for (String secret : secrets) {
            assertThat(stored).contains(hasher.hash(secret));
        }
        String log = output.getAll();
        // The capture did see the service at work: its request logging names the tokens it handled.
        assertThat(log).contains(ids.get(0) + "/regenerate");
        for (String secret : secrets) {
            String body = secret.substring(secret.indexOf('_') + 1); // also without the prefix
            assertThat(log.lines().filter(line -> line.contains(body)).map(line -> line.substring(0, Math.min(400, line.length()))))
                    .as("log lines carrying a secret").isEmpty();
            assertThat(stored).doesNotContain(body);
            for (String response : otherResponses) {
                assertThat(response).doesNotContain(body);
            }
        }
    }

    /**
     * A secret a client sends where it does not belong (a path, a query string, a JSON field name or value) is not
     * logged either, even with Spring's request and exception logging at DEBUG: found by the battery's leak scan
     * (LeakScanIT), which saw Spring's DispatcherServlet, FilterChainProxy and exception resolvers write them.
     */
    @Test
    void secretsSentWhereTheyDoNotBelongAreNotLoggedAtDebug(CapturedOutput output) {
        String secret = dev.tokenauthority.events.secret.SecretFormat.TOKEN.generate(new java.security.SecureRandom());
        String body = secret.substring(4);
        try (RunningService service = RunningService.start(dataDir, "--logging.level.root=DEBUG",
                "--logging.level.org.springframework.web=TRACE", "--logging.level.org.springframework.security=TRACE")) {
            service.admin("GET", RunningService.INSTANCES + "/" + secret, null);
            service.admin("DELETE", service.tokens() + "/" + secret, null);
            service.admin("GET", service.tokens() + "?token=" + secret, null);
            service.admin("POST", service.tokens(), "{\"" + secret + "\":\"x\"}");
            service.admin("POST", service.tokens(), "{\"name\":\"n\",\"description\":" + secret + "}");
            service.admin("POST", service.tokens(), secret);
        }
        assertThat(output.getAll()).as("the capture saw the requests").contains("tka_[secret]");
        assertThat(output.getAll().lines().filter(line -> line.contains(body)).toList()).as("log lines carrying the secret").isEmpty();
    }

    private static String everyByteUnder(Path dir) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                try {
                    all.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
                } catch (java.nio.file.NoSuchFileException gone) {
                    // a running PostgreSQL server replaces some files of its own (pg_internal.init) as it goes
                }
            }
        }
        return all.toString();
    }
}
