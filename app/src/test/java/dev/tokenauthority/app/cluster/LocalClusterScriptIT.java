package dev.tokenauthority.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenauthority.app.cluster.ClusterHttp.Answer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code deploy/local-cluster.sh} as its README paragraph promises: the line, a working cluster, a clean stop. */
class LocalClusterScriptIT {

    private static final String ADMIN_KEY = "local-cluster-admin-key-0123456789-0123456789";

    @Test
    void startsTwoNodesBehindNginxPrintsItsLineAndStopsEverythingOnSigterm() throws Exception {
        Path work = Files.createTempDirectory("local-cluster-it");
        // the database server runs as the postgres user when this runs as root: it must reach the directory
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder builder = new ProcessBuilder("bash", Path.of("..", "deploy", "local-cluster.sh").toString())
                .redirectError(work.resolve("script.stderr").toFile());
        builder.environment().put("TOKEN_AUTHORITY_ADMIN_KEY", ADMIN_KEY);
        builder.environment().put("TOKEN_AUTHORITY_NODES", "2");
        builder.environment().put("TOKEN_AUTHORITY_LOCAL_DIR", work.resolve("cluster").toString());
        Process script = builder.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(script.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).get(300, TimeUnit.SECONDS);
            assertThat(line).as("the script's line (stderr in %s)", work).isNotNull()
                    .matches("gateway=http://127\\.0\\.0\\.1:\\d+ nodes=http://127\\.0\\.0\\.1:\\d+,http://127\\.0\\.0\\.1:\\d+ "
                            + "database=jdbc:postgresql://127\\.0\\.0\\.1:\\d+/token_authority");
            Map<String, String> fields = new HashMap<>();
            for (String pair : line.split(" ")) {
                fields.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
            String gateway = fields.get("gateway");
            String[] nodes = fields.get("nodes").split(",");

            ClusterHttp http = new ClusterHttp(ADMIN_KEY);
            Answer instance = http.admin(gateway, "POST", "/v1alpha/projects/p-script/regions/r-1/instances", "{\"type\":\"app\"}");
            assertThat(instance.status()).as(instance.body()).isEqualTo(201);
            String path = "projects/p-script/regions/r-1/instances/" + instance.json().get("id").asText();
            Answer token = http.admin(gateway, "POST", "/v1alpha/" + path + "/tokens", "{\"name\":\"through-nginx\"}");
            assertThat(token.status()).as(token.body()).isEqualTo(201);
            String secret = token.json().get("token").get("content").asText();
            for (String node : nodes) {
                assertThat(http.verify(node, secret, path)).as("on %s", node).isEqualTo(204);
            }
            assertThat(http.verify(gateway, secret, path)).isEqualTo(204);

            script.destroy(); // SIGTERM
            assertThat(script.waitFor(90, TimeUnit.SECONDS)).as("the script stops on SIGTERM").isTrue();
            for (String url : new String[] {gateway, nodes[0], nodes[1]}) {
                assertThat(answers(url)).as("%s stopped", url).isFalse();
            }
        } finally {
            script.destroyForcibly();
        }
    }

    private static boolean answers(String url) {
        try (java.net.Socket socket = new java.net.Socket()) {
            URI uri = URI.create(url);
            socket.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
