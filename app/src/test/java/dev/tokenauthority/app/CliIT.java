package dev.tokenauthority.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenauthority.app.process.Api;
import dev.tokenauthority.app.process.ServiceLauncher;
import dev.tokenauthority.app.process.ServiceProcess;
import dev.tokenauthority.cli.Ta;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ta} against the packaged service: every command (most in this JVM, login, verify and a wrong credential as
 * {@code java -jar cli/target/ta.jar} processes), the secret printed once and only on stdout, the credential never
 * printed, exit codes a script can use, and a bad credential or flag that changes nothing.
 */
class CliIT {

    private static final String ADMIN_KEY = "cli-admin-key-0123456789-0123456789-abcdef";
    private static final Path TA = Path.of("..", "cli", "target", "ta.jar").toAbsolutePath().normalize();

    private record Run(int exit, String out, String err) {
        JsonNode json() throws IOException {
            return Api.JSON.readTree(out);
        }
    }

    private Path config;
    private String url;

    @Test
    void everyCommandAgainstTheService() throws Exception {
        Path work = Files.createDirectories(Path.of("target", "cli-it").toAbsolutePath());
        Path dataDir = Files.createTempDirectory(work, "data-");
        config = dataDir.resolveSibling(dataDir.getFileName() + "-home").resolve("ta").resolve("config.json");
        try (ServiceProcess service = ServiceLauncher.packagedJarOnH2(ADMIN_KEY)
                .start(dataDir, work.resolve(dataDir.getFileName() + ".log"))) {
            url = service.base();
            Api api = new Api(service);

            // login: a wrong credential is refused and saves nothing; the right one is saved owner-only
            assertThat(process(Map.of(), "wrong-key-0123456789-0123456789-0123", "login", "--url", url, "-p", "p-cli", "-r", "eu01")
                    .exit()).isEqualTo(3);
            assertThat(config).doesNotExist();
            Run login = process(Map.of(), ADMIN_KEY + "\n", "login", "--url", url, "-p", "p-cli", "-r", "eu01");
            assertThat(login.exit()).as(login.err()).isZero();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");

            // instances
            assertThat(ta("instance", "create", "--type", "app", "--id", "i-web", "--name", "web", "-l", "tier=gold").exit()).isZero();
            assertThat(ta("instance", "create", "--type", "app", "--id", "i-web").exit()).as("id taken").isEqualTo(5);
            assertThat(ta("instance", "create", "--type", "experiments", "--id", "i-ml").exit()).isZero();
            assertThat(ta("instance", "list").out()).contains("i-web", "i-ml", "tier=gold");
            assertThat(ta("instance", "get", "i-web", "-o", "json").json().get("name").asText()).isEqualTo("web");
            assertThat(ta("instance", "get", "i-none").exit()).isEqualTo(4);
            assertThat(ta("instance", "label", "i-ml", "-l", "tier=gold", "-l", "team=ml").out()).contains("team=ml");
            assertThat(ta("instance", "stop", "i-ml").out()).contains("state: stopped");
            JsonNode stopped = ta("instance", "list", "--state", "stopped", "-o", "json").json();
            assertThat(stopped.get("instances")).hasSize(1);
            assertThat(ta("instance", "start", "i-ml").out()).contains("state: running");

            // instance tokens: the secret once, on stdout only
            Run created = ta("token", "create", "-i", "i-web", "--name", "deploy", "--ttl", "30d", "-o", "json");
            assertThat(created.exit()).isZero();
            String tokenId = created.json().get("token").get("id").asText();
            String first = created.json().get("token").get("content").asText();
            assertThat(first).startsWith("tka_");
            assertThat(created.err()).doesNotContain(first);
            Run listed = ta("token", "list", "-i", "i-web");
            assertThat(listed.out()).contains(tokenId, "deploy").doesNotContain(first.substring(4));
            assertThat(ta("token", "get", tokenId, "-i", "i-web").out()).contains("name: deploy").doesNotContain(first.substring(4));
            assertThat(ta("token", "update", tokenId, "-i", "i-web", "--name", "deploy-2").out()).contains("name: deploy-2");
            // allowed networks: from 127.0.0.1 a token fenced to 10.0.0.0/8 is refused (403: exit 3) until lifted
            assertThat(ta("token", "update", tokenId, "-i", "i-web", "--allow-network", "10.0.0.0/8", "--allow-network",
                    "2001:DB8::/32").out()).contains("10.0.0.0/8", "2001:db8::/32");
            assertThat(process(Map.of("TA_TOKEN", first), "", "verify", "-i", "i-web").exit()).isEqualTo(3);
            Run typo = ta("token", "update", tokenId, "-i", "i-web", "--allow-network", "10.1.2.3/8");
            assertThat(typo.exit()).isEqualTo(1);
            assertThat(typo.err()).contains("did you mean 10.0.0.0/8?");
            assertThat(ta("token", "update", tokenId, "-i", "i-web", "--any-network", "--allow-network", "10.0.0.0/8")
                    .exit()).isEqualTo(2);
            assertThat(ta("token", "update", tokenId, "-i", "i-web", "--any-network", "-o", "json").json()
                    .get("allowedNetworks").size()).isZero();
            assertThat(process(Map.of("TA_TOKEN", first), "", "verify", "-i", "i-web").exit()).isZero();
            Run regenerated = ta("token", "regenerate", tokenId, "-i", "i-web");
            String second = line(regenerated.out(), "content: ");
            assertThat(second).startsWith("tka_").isNotEqualTo(first);

            // verify: the token from the environment or stdin, never a flag
            Run allowed = process(Map.of("TA_TOKEN", second), "", "verify", "-i", "i-web");
            assertThat(allowed.exit()).isZero();
            assertThat(allowed.out()).contains("allowed: token " + tokenId);
            assertThat(ta("token", "get", tokenId, "-i", "i-web").out()).as("the use just made, this node's memory")
                    .containsPattern("lastUsedAt: \\d{4}-").contains("lastUsedFrom: 127.0.0.1");
            assertThat(process(Map.of(), first + "\n", "verify", "-i", "i-web").exit()).as("the superseded secret").isEqualTo(3);
            assertThat(process(Map.of("TA_TOKEN", second), "", "verify", "-i", "i-ml").exit()).as("another instance").isEqualTo(3);
            // the superseded secret is a leak signal on the token, sent within the flush interval (5 s)
            String signalled = "";
            for (int attempt = 0; attempt < 40 && !signalled.contains("supersededSecretUse:"); attempt++) {
                Thread.sleep(250);
                signalled = ta("token", "get", tokenId, "-i", "i-web").out();
            }
            assertThat(signalled).contains("supersededSecretUse: lastSeenAt=").contains("uses=1", "from=[127.0.0.1]", "through=[verify]");

            // selector tokens
            Run selector = ta("token", "create", "--name", "gold-readers", "--role", "read-only", "-s", "tier=gold", "-o", "json");
            assertThat(selector.exit()).as(selector.err()).isZero();
            String selectorSecret = selector.json().get("token").get("content").asText();
            assertThat(ta("token", "list").out()).contains("gold-readers", "tier=gold");
            assertThat(process(Map.of("TA_TOKEN", selectorSecret), "", "verify", "-i", "i-ml").exit()).isZero();
            assertThat(process(Map.of("TA_TOKEN", selectorSecret), "", "verify", "-i", "i-ml", "--action", "manage").exit()).isEqualTo(3);

            // audit
            JsonNode page = ta("audit", "list", "--page-size", "5", "-o", "json").json();
            assertThat(page.get("entries")).hasSize(5);
            assertThat(ta("audit", "list", "-i", "i-web", "-t", tokenId).out()).contains("TokenRegenerated", "TokenCreated");
            Run export = ta("audit", "export", "--event-type", "TokenCreated");
            assertThat(export.exit()).isZero();
            List<String> lines = export.out().lines().toList();
            assertThat(lines).hasSize(2);
            for (String exported : lines) {
                assertThat(Api.JSON.readTree(exported).get("eventType").asText()).isEqualTo("TokenCreated");
            }

            // access review: who can act on i-ml now (the selector token, read-only), and what the selector token reaches
            String selectorId = selector.json().get("token").get("id").asText();
            Run who = ta("access", "instance", "i-ml");
            assertThat(who.exit()).as(who.err()).isZero();
            assertThat(who.out()).contains("instance i-ml at ", ": registered", selectorId, "gold-readers", "query", "selector tier=gold")
                    .doesNotContain(tokenId);
            assertThat(ta("access", "instance", "i-ml", "--action", "manage", "-o", "json").json().get("grants")).isEmpty();
            JsonNode reach = ta("access", "token", selectorId, "-o", "json").json();
            assertThat(reach.get("state").asText()).isEqualTo("active");
            assertThat(reach.get("instances")).extracting(instance -> instance.get("instanceId").asText())
                    .containsExactlyInAnyOrder("i-web", "i-ml");
            assertThat(ta("access", "token", tokenId, "-i", "i-web").out()).contains(": active, generation 2", "i-web");
            assertThat(ta("access", "instance", "i-ml", "--at", "2000-01-01T00:00:00Z").out()).contains(": not-yet-registered");
            assertThat(ta("access", "instance", "i-ml", "--action", "delete").exit()).as("bad action").isEqualTo(1);

            // bulk revoke: a dry run lists, --yes revokes exactly that set
            assertThat(ta("token", "create", "-i", "i-ml", "--name", "batch-1", "-l", "batch=7").exit()).isZero();
            assertThat(ta("token", "create", "-i", "i-web", "--name", "batch-2", "-l", "batch=7").exit()).isZero();
            String beforeBulk = state(api);
            Run listedOnly = ta("token", "bulk-revoke", "-l", "batch=7");
            assertThat(listedOnly.out()).contains("batch-1", "batch-2", "i-ml", "i-web");
            assertThat(listedOnly.err()).contains("2 token(s) would be revoked");
            assertThat(state(api)).as("a dry run changes nothing").isEqualTo(beforeBulk);
            Run revokedAll = ta("token", "bulk-revoke", "-l", "batch=7", "--yes");
            assertThat(revokedAll.exit()).as(revokedAll.err()).isZero();
            assertThat(revokedAll.out()).contains("batch-1", "batch-2", "revoked");
            assertThat(ta("token", "list", "-i", "i-ml").out()).doesNotContain("batch-1");
            assertThat(ta("token", "bulk-revoke").exit()).as("no criteria").isEqualTo(1);

            // the project's token policy: shown, set by the admin (an owner's call), a bad value refused and nothing set
            assertThat(ta("policy", "get").out()).contains("onSupersededUse: record");
            assertThat(ta("policy", "set", "--on-superseded-use", "revoke").out()).contains("onSupersededUse: revoke");
            assertThat(ta("policy", "get", "-o", "json").json().get("onSupersededUse").asText()).isEqualTo("revoke");
            Run badPolicy = ta("policy", "set", "--on-superseded-use", "delete");
            assertThat(badPolicy.exit()).isEqualTo(1);
            assertThat(badPolicy.err()).contains("onSupersededUse must be record or revoke");
            assertThat(ta("policy", "set").exit()).as("--on-superseded-use missing").isEqualTo(2);
            assertThat(ta("policy", "set", "--on-superseded-use", "record").exit()).isZero();

            // webhooks: registered with the secret printed once, listed and shown without it, an empty delivery log,
            // removed; a bad URL refused
            Run registered = ta("webhook", "register", "--endpoint", "https://127.0.0.1:9/cli", "--description", "alerts", "-o", "json");
            assertThat(registered.exit()).as(registered.err()).isZero();
            String webhookId = registered.json().get("webhook").get("id").asText();
            String webhookSecret = registered.json().get("secret").asText();
            assertThat(webhookSecret).startsWith("whsec_");
            assertThat(ta("webhook", "list").out()).contains(webhookId, "https://127.0.0.1:9/cli", "alerts")
                    .doesNotContain(webhookSecret);
            assertThat(ta("webhook", "get", webhookId).out()).contains("url: https://127.0.0.1:9/cli").doesNotContain(webhookSecret);
            assertThat(ta("webhook", "deliveries", webhookId, "-o", "json").json().get("deliveries")).isEmpty();
            Run badWebhook = ta("webhook", "register", "--endpoint", "ftp://127.0.0.1/x");
            assertThat(badWebhook.exit()).isEqualTo(1);
            assertThat(badWebhook.err()).contains("url must be an absolute http or https URL");
            assertThat(ta("webhook", "remove", webhookId).out()).contains("removed " + webhookId);
            assertThat(ta("webhook", "get", webhookId).exit()).isEqualTo(4);

            // bad flags, a bad credential, no service: a clear message, a code to act on, nothing changed
            String before = state(api);
            Run badFlag = ta("token", "create", "-i", "i-web", "--name", "x", "--colour", "blue");
            assertThat(badFlag.exit()).isEqualTo(2);
            assertThat(badFlag.err()).contains("Unknown option").contains("'--colour'");
            assertThat(ta("token", "create", "-i", "i-web").exit()).as("--name missing").isEqualTo(2);
            Run refused = process(Map.of("TA_CREDENTIAL", "wrong-key-0123456789-0123456789-0123"), "",
                    "token", "create", "-i", "i-web", "--name", "intruder");
            assertThat(refused.exit()).isEqualTo(3);
            assertThat(refused.err()).startsWith("ta: 401");
            Run badTtl = ta("token", "create", "-i", "i-web", "--name", "x", "--ttl", "forever");
            assertThat(badTtl.exit()).isEqualTo(1);
            assertThat(badTtl.err()).startsWith("ta: 400: ");
            assertThat(ta("instance", "list", "--url", "http://127.0.0.1:1").exit()).isEqualTo(6);
            assertThat(state(api)).as("nothing changed").isEqualTo(before);

            Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
            Run exposed = ta("instance", "list");
            assertThat(exposed.exit()).isEqualTo(7);
            assertThat(exposed.err()).contains("chmod 600");
            Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));

            // deletes
            assertThat(ta("token", "delete", tokenId, "-i", "i-web").exit()).isZero();
            assertThat(process(Map.of("TA_TOKEN", second), "", "verify", "-i", "i-web").exit()).isEqualTo(3);
            assertThat(ta("instance", "delete", "i-ml").exit()).isZero();
            assertThat(process(Map.of("TA_TOKEN", selectorSecret), "", "verify", "-i", "i-ml").exit()).isEqualTo(3);

            assertThat(String.join("\n", outputs)).as("the credential is never printed").doesNotContain(ADMIN_KEY);

            // The packaged jar's metrics after all this: the admin calls in Spring's request timer, verify in ours.
            String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(url + "/actuator/prometheus")).header("Authorization", "Bearer " + ADMIN_KEY).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("http_server_requests_seconds_count{error=\"none\",exception=\"none\",method=\"POST\","
                    + "outcome=\"SUCCESS\",status=\"201\",uri=\"/v1alpha/projects/{projectId}/regions/{regionId}/instances/{instanceId}/tokens\"}")
                    .contains("token_authority_verify_duration_seconds_count{endpoint=\"verify\",status=\"204\"}")
                    .doesNotContain("uri=\"/v1alpha/verify\"");
        }
    }

    private final List<String> outputs = new ArrayList<>();

    /**
     * {@code ta} in this JVM (the same code as the jar, against the same service over HTTP): a JVM start per
     * command would cost CI half a minute. Only what needs its own environment, stdin or process runs as one.
     */
    private Run ta(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--config", config.toString()));
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Ta.execute(all.toArray(String[]::new));
        } finally {
            System.out.flush();
            System.err.flush();
            System.setOut(stdout);
            System.setErr(stderr);
        }
        return record(new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)));
    }

    /** {@code java -jar cli/target/ta.jar} as a user runs it, with its own environment and stdin. */
    private Run process(Map<String, String> environment, String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", TA.toString())); // a short run: start fast
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = new HashMap<>(environment);
        env.put("TA_CONFIG", config.toString());
        builder.environment().keySet().removeIf(name -> name.startsWith("TA_"));
        builder.environment().putAll(env);
        Path out = Files.createTempFile("ta-out", ".txt");
        Path err = Files.createTempFile("ta-err", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("ta %s finished", List.of(args)).isTrue();
        Run run = new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return record(run);
    }

    private Run record(Run run) {
        outputs.add(run.out());
        outputs.add(run.err());
        return run;
    }

    private static String line(String output, String prefix) {
        return output.lines().filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + prefix + " in " + output));
    }

    private static String state(Api api) throws IOException {
        return api.list("/v1alpha/projects/p-cli/regions/eu01/instances", "instances").toString()
                + api.list("/v1alpha/projects/p-cli/regions/eu01/instances/i-web/tokens", "tokens")
                + api.list("/v1alpha/projects/p-cli/regions/eu01/tokens", "tokens");
    }
}
