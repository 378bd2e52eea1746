package dev.tokenauthority.app.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenauthority.app.process.Api;
import dev.tokenauthority.app.process.ServiceLauncher;
import dev.tokenauthority.app.process.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A secret regenerated or a token deleted after the auth lookup's snapshot was written never comes back: tokens,
 * a snapshot, then regenerations and deletions, {@code kill -9}, a start that begins from that snapshot (its log
 * says so), and every superseded secret is refused from the first answer on, the new ones accepted. The packaged jar
 * as a real process, on H2 and on PostgreSQL.
 */
class SnapshotCrashIT {

    private static final String ADMIN_KEY = "snapshot-it-admin-key-0123456789-0123456789-ab";
    private static final String PROJECT = "p-snap";
    private static final String REGION = "eu01";
    private static final int TOKENS = 60;
    // No scheduled snapshot after the first: the one the start finds is older than the regenerations.
    private static final String ONE_SNAPSHOT = "--token-authority.snapshot.interval=1h";

    static Stream<Arguments> deployments() {
        return Stream.of(Arguments.of("embedded H2", ServiceLauncher.packagedJarOnH2(ADMIN_KEY, ONE_SNAPSHOT)),
                Arguments.of("PostgreSQL", ServiceLauncher.packagedJarOnPostgres(ADMIN_KEY, ONE_SNAPSHOT)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void aSecretRegeneratedAfterTheSnapshotIsRefusedAfterACrash(String deployment, ServiceLauncher launcher)
            throws Exception {
        Path work = Files.createDirectories(Path.of("target", "snapshot-it").toAbsolutePath());
        Path dataDir = Files.createTempDirectory(work, "data-");
        Path log = work.resolve(dataDir.getFileName() + ".log");
        String instances = "/v1alpha/projects/" + PROJECT + "/regions/" + REGION + "/instances";
        List<String> refused = new ArrayList<>();
        List<String> accepted = new ArrayList<>();
        String instanceId;

        ServiceProcess service = launcher.start(dataDir, log);
        try {
            Api api = new Api(service);
            Api.Answer registered = api.admin("POST", instances, "{\"type\":\"app\",\"name\":\"snapshotted\"}");
            assertThat(registered.status()).as(registered.body()).isEqualTo(201);
            instanceId = registered.json().get("id").asText();
            String tokens = instances + "/" + instanceId + "/tokens";
            List<JsonNode> created = new ArrayList<>();
            for (int i = 0; i < TOKENS; i++) {
                Api.Answer answer = api.admin("POST", tokens, "{\"name\":\"t-" + i + "\"}");
                assertThat(answer.status()).as(answer.body()).isEqualTo(201);
                created.add(answer.json().get("token"));
            }
            awaitLogLine(log, "auth lookup: snapshot at event", 1, Duration.ofSeconds(30));

            for (int i = 0; i < TOKENS; i++) {
                String id = created.get(i).get("id").asText();
                String secret = created.get(i).get("content").asText();
                if (i % 3 == 0) {
                    Api.Answer regenerated = api.admin("POST", tokens + "/" + id + "/regenerate", null);
                    assertThat(regenerated.status()).as(regenerated.body()).isEqualTo(200);
                    refused.add(secret);
                    accepted.add(regenerated.json().get("token").get("content").asText());
                } else if (i % 3 == 1) {
                    assertThat(api.admin("DELETE", tokens + "/" + id, null).status()).isEqualTo(204);
                    refused.add(secret);
                } else {
                    accepted.add(secret);
                }
            }
            assertThat(countLines(log, "auth lookup: snapshot at event")).as("no snapshot after the changes").isEqualTo(1);
            service.kill();

            service = launcher.start(dataDir, log);
            assertThat(countLines(log, "auth lookup: started from the snapshot")).as("the start used the snapshot").isEqualTo(1);
            Api restarted = new Api(service);
            for (String secret : refused) {
                assertThat(restarted.verify(secret, PROJECT, REGION, instanceId)).as("%s: a superseded or deleted secret",
                        deployment).isEqualTo(401);
            }
            for (String secret : accepted) {
                assertThat(restarted.verify(secret, PROJECT, REGION, instanceId)).as("%s: a current secret", deployment)
                        .isEqualTo(204);
            }
        } finally {
            service.close();
        }
    }

    private static void awaitLogLine(Path log, String text, int count, Duration limit) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (countLines(log, text) < count) {
            assertThat(System.nanoTime()).as("'%s' in %s within %s", text, log, limit).isLessThan(deadline);
            ServiceProcess.sleep(Duration.ofMillis(100));
        }
    }

    private static long countLines(Path log, String text) throws IOException {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(line -> line.contains(text)).count();
        }
    }
}
