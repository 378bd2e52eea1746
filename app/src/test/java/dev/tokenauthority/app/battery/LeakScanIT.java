package dev.tokenauthority.app.battery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenauthority.app.postgres.ThrowawayPostgres;
import dev.tokenauthority.app.process.Api;
import dev.tokenauthority.app.process.ServiceLauncher;
import dev.tokenauthority.app.process.ServiceProcess;
import dev.tokenauthority.events.secret.SecretFormat;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Battery test 5: a scripted run over every endpoint (creations, regenerations, rotations, renames, deletions,
 * verifications, failures, secrets sent where they do not belong, the fuzzer's requests, a replay, snapshots, a
 * {@code kill -9} and a restart), with every logger at DEBUG; then every secret ever issued is looked for
 * ({@link SecretScanner}: whole, without its prefix, hex, base64) in every log line, every byte of the data
 * directory (and on PostgreSQL every row of every table, and the database's files and write-ahead log), and every
 * answer but the one that issued it.
 */
@Tag(Battery.TAG)
class LeakScanIT {

    private static final String ADMIN_KEY = "battery-leak-admin-key-0123456789-0123456789";
    private static final String PROJECT = "p-leak";
    private static final String REGION = "eu01";
    private static final String[] DEBUG = {"--logging.level.root=DEBUG", "--logging.level.org.apache.tomcat=DEBUG",
            "--logging.level.org.apache.catalina=DEBUG", "--logging.level.org.springframework=DEBUG",
            "--logging.level.org.springframework.web=TRACE", "--logging.level.org.axonframework=DEBUG",
            "--token-authority.snapshot.interval=2s"};

    /** The key leaked-token reports are signed with (a secret scanner's, as GitHub's partner program signs them). */
    private final java.security.KeyPair scanner = scannerKey();

    private final List<String> secrets = new ArrayList<>();
    private final List<String> answers = new ArrayList<>();
    private int misplaced;

    static Stream<Arguments> deployments() {
        return Battery.stores(Battery.H2).map(store -> Arguments.of(store));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void noSecretIsFoundAnywhereButInTheAnswerThatIssuedIt(String deployment) throws Exception {
        Path work = Files.createDirectories(Path.of("target", "battery-it").toAbsolutePath());
        Path dataDir = Files.createTempDirectory(work, "leak-");
        Path log = work.resolve(dataDir.getFileName() + ".log");
        ThrowawayPostgres.Database database = deployment.equals(Battery.POSTGRESQL) ? ThrowawayPostgres.server().newDatabase() : null;
        String[] arguments = Stream.concat(Stream.of(DEBUG), Stream.of("--token-authority.leak-reports.public-keys.scan-1="
                + Base64.getEncoder().encodeToString(scanner.getPublic().getEncoded()))).toArray(String[]::new);
        ServiceLauncher launcher = database == null ? ServiceLauncher.packagedJarOnH2(ADMIN_KEY, arguments)
                : ServiceLauncher.packagedJarOnPostgres(database, ADMIN_KEY, arguments);

        ServiceProcess service = launcher.start(dataDir, log);
        try {
            Api api = new Api(service);
            String instance = script(api, service);
            replay(api);
            Thread.sleep(2_500); // a snapshot holding all of it
            service.kill();
            service = launcher.start(dataDir, log);
            api = new Api(service);
            for (String secret : secrets) {
                api.verify(secret, PROJECT, REGION, instance);
            }
        } finally {
            service.stop();
        }

        SecretScanner scanner = new SecretScanner(secrets);
        List<SecretScanner.Hit> inLogs = scanner.scan(Files.readAllBytes(log), "log");
        List<SecretScanner.Hit> inStorage = new ArrayList<>();
        long bytes = 0;
        for (Path file : files(dataDir)) {
            byte[] content = Files.readAllBytes(file);
            bytes += content.length;
            inStorage.addAll(scanner.scan(content, file.toString()));
        }
        if (database != null) {
            byte[] rows = everyRow(database);
            bytes += rows.length;
            inStorage.addAll(scanner.scan(rows, "database rows"));
            for (Path file : databaseFiles(database)) {
                byte[] content = Files.readAllBytes(file);
                bytes += content.length;
                inStorage.addAll(scanner.scan(content, file.toString()));
            }
        }
        List<SecretScanner.Hit> inAnswers = new ArrayList<>();
        for (String answer : answers) {
            inAnswers.addAll(scanner.scan(answer, "an answer"));
        }
        Stream.of(inLogs, inStorage, inAnswers).flatMap(List::stream).limit(20)
                .forEach(hit -> System.out.println("leak: " + hit));
        new BatteryFigures("5 leak scan (DEBUG logs, storage, answers)", deployment)
                .context("secrets issued / requests with a secret in the wrong place / answers / bytes of storage",
                        secrets.size() + " / " + misplaced + " / " + answers.size() + " / " + bytes)
                .exactly("secrets found in the log (every logger at DEBUG)", inLogs.size(), 0)
                .exactly("secrets found in storage", inStorage.size(), 0)
                .exactly("secrets found in answers but the issuing one", inAnswers.size(), 0)
                .assertAllMet();
    }

    /** Every endpoint, with secrets where they belong and where they do not; returns the instance's id. */
    private String script(Api api, ServiceProcess service) throws IOException {
        String instances = "/v1alpha/projects/" + PROJECT + "/regions/" + REGION + "/instances";
        String instance = answer(api.admin("POST", instances, "{\"type\":\"app\",\"labels\":{\"group\":\"a\"}}")).get("id").asText();
        String tokens = instances + "/" + instance + "/tokens";
        String selectorTokens = "/v1alpha/projects/" + PROJECT + "/regions/" + REGION + "/tokens";
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            JsonNode token = issued(api.admin("POST", tokens, "{\"name\":\"leak-" + i + "\",\"ttlDuration\":\"1h\"}"));
            ids.add(token.get("id").asText());
            for (int r = 0; r < 2; r++) {
                issued(api.admin("POST", tokens + "/" + token.get("id").asText() + "/regenerate", null));
            }
            answer(api.admin("PATCH", tokens + "/" + token.get("id").asText(), "{\"name\":\"renamed-" + i + "\"}"));
            answer(api.admin("GET", tokens + "/" + token.get("id").asText(), null));
        }
        JsonNode selector = issued(api.admin("POST", selectorTokens,
                "{\"name\":\"sel\",\"role\":\"read-only\",\"selector\":{\"group\":\"a\"}}"));
        issued(api.admin("POST", selectorTokens + "/" + selector.get("id").asText() + "/regenerate", null));
        String accounts = "/v1alpha/projects/" + PROJECT + "/service-accounts";
        JsonNode account = issued(api.admin("POST", accounts, "{\"name\":\"sa\",\"role\":\"editor\"}"), "serviceAccount");
        issued(api.admin("POST", accounts + "/" + account.get("id").asText() + "/rotate", null), "serviceAccount");
        answer(api.admin("GET", tokens, null));
        answer(api.admin("GET", selectorTokens, null));
        answer(api.admin("GET", accounts, null));
        answer(api.admin("GET", "/v1alpha/projects/" + PROJECT + "/audit", null));
        answer(api.admin("GET", "/v1alpha/projects/" + PROJECT + "/audit/export", null));
        answer(api.admin("GET", tokens + "/" + ids.get(0) + "/audit", null));

        int port = URI.create(service.base()).getPort();
        String verify = "/v1alpha/verify?projectId=" + PROJECT + "&regionId=" + REGION + "&instanceId=" + instance;
        for (String secret : List.copyOf(secrets)) {
            raw(port, "GET " + verify + " HTTP/1.1", "Authorization: Bearer " + secret);          // where it belongs
            raw(port, "GET " + tokens + " HTTP/1.1", "Authorization: Bearer " + secret);          // as an admin credential
            misplaced(port, "GET " + verify + "&access_token=" + secret + " HTTP/1.1", "Authorization: Bearer x");
            misplaced(port, "GET " + verify + " HTTP/1.1", "X-Api-Key: " + secret);
            misplaced(port, "GET " + verify + " HTTP/1.1", "Cookie: token=" + secret);
            misplaced(port, "GET " + verify + " HTTP/1.1", "Authorization: Basic "
                    + Base64.getEncoder().encodeToString(("user:" + secret).getBytes(StandardCharsets.US_ASCII)));
            misplaced(port, "GET " + verify + " HTTP/1.1", "Authorization: Bearer " + secret + " trailing");
            misplaced(port, "GET " + verify + " HTTP/1.1", "X-Token-Authority-Gateway-Key: " + secret);
            misplaced(port, "GET " + instances + "/" + secret + " HTTP/1.1", "Authorization: Bearer " + ADMIN_KEY);
            misplaced(port, "DELETE " + tokens + "/" + secret + " HTTP/1.1", "Authorization: Bearer " + ADMIN_KEY);
            misplaced(port, "GET " + tokens + "?token=" + secret + " HTTP/1.1", "Authorization: Bearer " + ADMIN_KEY);
            for (String body : new String[] {"{\"name\":\"" + secret + "\"}", "{\"" + secret + "\":\"x\"}",
                    "{\"name\":\"n\",\"description\":\"token " + secret + " for CI\"}",
                    "{\"name\":\"n\",\"labels\":{\"k\":\"" + secret.substring(4) + "\"}}", secret}) {
                misplaced(port, "POST " + tokens + " HTTP/1.1", "Authorization: Bearer " + ADMIN_KEY,
                        "Content-Type: application/json", body);
            }
        }
        // A leaked-token report carries our secrets in its body, by design (two superseded, one live: revoked by it).
        String report = "[" + secrets.subList(0, 3).stream().map(secret -> "{\"token\":\"" + secret
                + "\",\"type\":\"token_authority\",\"url\":\"https://example.org/leak\",\"source\":\"content\"}")
                .collect(java.util.stream.Collectors.joining(",")) + "]";
        raw(port, "POST /v1alpha/leak-reports HTTP/1.1", "Content-Type: application/json",
                "Github-Public-Key-Identifier: scan-1", "Github-Public-Key-Signature: " + signed(report), report);
        if (!answers.get(answers.size() - 1).startsWith("HTTP/1.1 200")) {
            throw new AssertionError("the leak report was refused: " + answers.get(answers.size() - 1));
        }
        // The fuzzer's requests, with an issued secret as the one it puts in the wrong places.
        Map<String, String> fixture = Map.of("p", PROJECT, "r", REGION, "i", instance, "t", ids.get(1),
                "s", selector.get("id").asText(), "a", account.get("id").asText());
        RequestFuzzer fuzzer = new RequestFuzzer(new Random(Battery.seed()), ADMIN_KEY, secrets.get(secrets.size() - 1));
        for (ApiContract.Endpoint endpoint : ApiContract.ENDPOINTS) {
            for (int n = 0; n < Battery.scaled(20, 300); n++) {
                RequestFuzzer.Request request = fuzzer.next(endpoint, fixture);
                String answer = exchange(port, endpoint, request.raw());
                // An answer that issued a secret (a fuzzed create or regenerate that went through) is the one place
                // a secret may be: its own.
                if (!answer.contains("\"content\"")) {
                    answers.add(answer);
                }
            }
        }
        // The fuzzer may have deleted them already: any answer will do, it is scanned like the others.
        answers.add(api.admin("DELETE", tokens + "/" + ids.get(3), null).body());
        answers.add(api.admin("DELETE", instances + "/" + instance, null).body());
        return instance;
    }

    /** The answer to a fuzzed request; a request left unanswered is named (its head, secrets redacted). */
    private static String exchange(int port, ApiContract.Endpoint endpoint, String request) throws IOException {
        try {
            return RawHttp.exchange("127.0.0.1", port, request);
        } catch (IOException e) {
            int headEnd = request.indexOf("\r\n\r\n");
            String head = SecretFormat.redact(headEnd < 0 ? request : request.substring(0, headEnd));
            throw new IOException("no answer to a fuzzed request for " + endpoint + " (" + request.length()
                    + " chars): " + (head.length() <= 600 ? head : head.substring(0, 600) + "…"), e);
        }
    }

    /** A replay of its own (one the fuzzer started may still run: then after it). */
    private void replay(Api api) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        Api.Answer started = api.admin("POST", "/v1alpha/replay", null);
        while (started.status() == 409 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            started = api.admin("POST", "/v1alpha/replay", null);
        }
        answer(started);
        while (System.nanoTime() < deadline && !"done".equals(api.admin("GET", "/v1alpha/replay", null).json().path("state").asText())) {
            Thread.sleep(200);
        }
        answer(api.admin("GET", "/v1alpha/replay", null));
    }

    private JsonNode issued(Api.Answer answer) {
        return issued(answer, "token");
    }

    /** An answer that issues a secret: the one place it may appear. */
    private JsonNode issued(Api.Answer answer, String field) {
        if (answer.status() / 100 != 2) {
            throw new AssertionError(answer.status() + ": " + answer.body());
        }
        JsonNode issued = answer.json().get(field);
        secrets.add(issued.get("content").asText());
        return issued;
    }

    private JsonNode answer(Api.Answer answer) {
        if (answer.status() / 100 != 2) {
            throw new AssertionError(answer.status() + ": " + answer.body());
        }
        answers.add(answer.body());
        return answer.body().isEmpty() ? null : answer.json();
    }

    private void misplaced(int port, String requestLine, String... headersAndBody) throws IOException {
        misplaced++;
        raw(port, requestLine, headersAndBody);
    }

    private void raw(int port, String requestLine, String... headersAndBody) throws IOException {
        StringBuilder request = new StringBuilder(requestLine).append("\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        String body = null;
        for (String part : headersAndBody) {
            if (part.contains(": ") && !part.startsWith("{")) {
                request.append(part).append("\r\n");
            } else {
                body = part;
            }
        }
        if (body != null) {
            request.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
        }
        request.append("\r\n").append(body == null ? "" : new String(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
        answers.add(RawHttp.exchange("127.0.0.1", port, request.toString()));
    }

    private static java.security.KeyPair scannerKey() {
        try {
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
            generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String signed(String body) {
        try {
            java.security.Signature signer = java.security.Signature.getInstance("SHA256withECDSA");
            signer.initSign(scanner.getPrivate());
            signer.update(body.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    /** Every row of every table of the service's database, as text and raw bytes. */
    private static byte[] everyRow(ThrowawayPostgres.Database database) throws SQLException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
             Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rows = statement.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        for (int c = 1; c <= columns; c++) {
                            byte[] value = rows.getBytes(c);
                            if (value != null) {
                                out.writeBytes(value);
                                out.write('\n');
                            }
                        }
                    }
                }
            }
        }
        return out.toByteArray();
    }

    /** The database's own files and the server's write-ahead log. */
    private static List<Path> databaseFiles(ThrowawayPostgres.Database database) throws SQLException, IOException {
        long oid;
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT oid FROM pg_database WHERE datname = current_database()")) {
            row.next();
            oid = row.getLong(1);
        }
        Path server = ThrowawayPostgres.server().directory();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(server)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().contains("/base/" + oid + "/") || p.toString().contains("/pg_wal/"))
                    .forEach(files::add);
        }
        return files;
    }
}
