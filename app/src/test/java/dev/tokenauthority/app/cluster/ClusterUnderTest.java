package dev.tokenauthority.app.cluster;

import dev.tokenauthority.app.process.PackagedJar;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A cluster of real processes on this machine, as deploy/local-cluster.sh builds it: a PostgreSQL server of its
 * own (deploy/throwaway-postgres.sh, so a test may stop it), nodes of the packaged jar sharing its store and keys,
 * and Debian's nginx in front of them with deploy/cluster-nginx.conf.template. Nodes can be killed with SIGKILL,
 * stopped gracefully and started again on their port.
 */
final class ClusterUnderTest implements AutoCloseable {

    private static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();
    private static final Duration START_LIMIT = Duration.ofSeconds(180);

    final String adminKey = "cluster-admin-key-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-0123456789";
    private final Path work;
    private final Map<String, String> database;
    private final Path secrets;
    private final List<Node> nodes = new ArrayList<>();
    private Process nginx;
    private int gatewayPort;

    ClusterUnderTest(Path work, int size) throws IOException {
        this.work = work;
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        this.database = fields(run(DEPLOY.resolve("throwaway-postgres.sh").toString(), "start", work.resolve("postgres").toString()));
        this.secrets = Files.createDirectories(work.resolve("secrets"));
        Files.writeString(secrets.resolve("token-authority.hmac-key"),
                Base64.getEncoder().encodeToString(ThreadLocalRandom.current().ints(32).mapToObj(Integer::toString)
                        .collect(Collectors.joining()).getBytes()));
        for (int n = 1; n <= size; n++) {
            nodes.add(new Node(n, freePort()));
        }
        for (Node node : nodes) {
            node.start();
        }
        for (Node node : nodes) {
            node.awaitServing();
        }
        startNginx();
    }

    List<Node> nodes() {
        return nodes;
    }

    Node node(int number) {
        return nodes.get(number - 1);
    }

    String gateway() {
        return "http://127.0.0.1:" + gatewayPort;
    }

    /** A connection of the test's own to the cluster's database. */
    private java.sql.Connection connectToDatabase() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection(database.get("url"), database.get("user"), database.get("password"));
    }

    /** The node whose process holds the claim on a processor's segment in Axon's token store, if any. */
    java.util.Optional<Node> holderOf(String processorName) throws java.sql.SQLException {
        try (java.sql.Connection connection = connectToDatabase();
             java.sql.PreparedStatement query = connection.prepareStatement(
                     "SELECT owner FROM token_entry WHERE processor_name = ? AND owner IS NOT NULL")) {
            query.setString(1, processorName);
            try (java.sql.ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return java.util.Optional.empty();
                }
                String owner = row.getString(1); // Axon's node id: <pid>@<host>
                return nodes.stream().filter(node -> owner.startsWith(node.pid() + "@")).findFirst();
            }
        }
    }

    /**
     * Takes the next value of the event store's position sequence and commits nothing there: a gap, as a rolled-back
     * append leaves one, until the gap closer fills it.
     */
    void takeAnEventStorePositionNeverCommitted() throws java.sql.SQLException {
        try (java.sql.Connection connection = connectToDatabase();
             java.sql.Statement statement = connection.createStatement()) {
            statement.execute("SELECT nextval(pg_get_serial_sequence('domain_event_entry', 'global_index'))");
        }
    }

    /**
     * Locks {@code node}'s row of {@code cluster_node} until the returned handle is closed: its heartbeats cannot
     * renew its lease (each times out and the node reconnects, to block again), while every other connection of
     * the node works. A link to the database that hangs, on a node that is otherwise well.
     */
    AutoCloseable holdHeartbeatsOf(Node node) throws java.sql.SQLException {
        java.sql.Connection connection = connectToDatabase();
        connection.setAutoCommit(false);
        try (java.sql.PreparedStatement lock = connection.prepareStatement(
                "SELECT node_id FROM cluster_node WHERE address = ? FOR UPDATE")) {
            lock.setString(1, "127.0.0.1:" + node.port);
            try (java.sql.ResultSet row = lock.executeQuery()) {
                if (!row.next()) {
                    connection.close();
                    throw new IllegalStateException("node " + node.number + " has no row in cluster_node");
                }
            }
        }
        return () -> {
            connection.rollback();
            connection.close();
        };
    }

    /** Stops the database server (fast shutdown: every connection is cut). */
    void stopDatabase() {
        run(DEPLOY.resolve("throwaway-postgres.sh").toString(), "stop", work.resolve("postgres").toString());
    }

    /**
     * Freezes the database server (SIGSTOP to it and its backends): connections stay open and nothing answers, as
     * in a network partition, so a node learns of it only by its heartbeats timing out.
     */
    void freezeDatabase() {
        signalDatabase("-STOP");
    }

    void thawDatabase() {
        signalDatabase("-CONT");
    }

    private void signalDatabase(String signal) {
        try {
            String postmaster = Files.readAllLines(work.resolve("postgres").resolve("data").resolve("postmaster.pid")).get(0).trim();
            run("pkill", signal, "-P", postmaster);
            run("kill", signal, postmaster);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    void resumeDatabase() {
        run(DEPLOY.resolve("throwaway-postgres.sh").toString(), "resume", work.resolve("postgres").toString());
    }

    @Override
    public void close() {
        if (nginx != null) {
            // SIGTERM: nginx's master stops its workers. SIGKILL killed the master alone, and its worker, orphaned,
            // went on spinning at a few % of a core (and holding the port) long after the test.
            nginx.destroy();
            try {
                if (!nginx.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    nginx.descendants().forEach(ProcessHandle::destroyForcibly);
                    nginx.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        nodes.forEach(Node::kill);
        run(DEPLOY.resolve("throwaway-postgres.sh").toString(), "stop", work.resolve("postgres").toString());
    }

    final class Node {

        final int number;
        final int port;
        private Process process;

        Node(int number, int port) {
            this.number = number;
            this.port = port;
        }

        String base() {
            return "http://127.0.0.1:" + port;
        }

        Path log() {
            return work.resolve("node-" + number + ".log");
        }

        void start(String... extraArguments) throws IOException {
            List<String> command = new ArrayList<>(PackagedJar.command("-Xmx320m"));
            command.addAll(List.of("--server.port=" + port, "--server.address=127.0.0.1",
                    "--token-authority.data-dir=" + work.resolve("node-" + number),
                    "--spring.datasource.url=" + database.get("url"),
                    "--spring.datasource.username=" + database.get("user"),
                    // probes present thousands of superseded secrets from 127.0.0.1 on purpose
                    "--token-authority.gateway.failed-verifications.burst=1000000000",
                    // the leak signals of those superseded secrets: sent within a second, not five
                    "--token-authority.signals.flush-interval=1s"));
            command.addAll(List.of(extraArguments));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
            builder.environment().put("TOKEN_AUTHORITY_ADMIN_KEY", adminKey);
            builder.environment().put("SPRING_DATASOURCE_PASSWORD", database.get("password"));
            builder.environment().put("SPRING_CONFIG_IMPORT", "configtree:" + secrets + "/");
            process = builder.start();
        }

        /**
         * Until verify decides (401 for no token) rather than refusing everything (503) or not answering, and the
         * readiness probe says the node serves by its lease (a node not serving yet may decide through its read index).
         */
        void awaitServing() {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest probe = HttpRequest.newBuilder(URI.create(base()
                    + "/v1alpha/verify?projectId=p-probe&regionId=r-probe&instanceId=i-probe"))
                    .timeout(Duration.ofSeconds(5)).build();
            HttpRequest readiness = HttpRequest.newBuilder(URI.create(base() + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(5)).build();
            long deadline = System.nanoTime() + START_LIMIT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("node " + number + " exited; see " + log());
                }
                try {
                    if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 401
                            && http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notListeningYet) {
                    // the port opens late in the start
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                pause(Duration.ofMillis(100));
            }
            throw new IllegalStateException("node " + number + " not serving within " + START_LIMIT + "; see " + log());
        }

        long pid() {
            return process.pid();
        }

        /** {@code kill -STOP} or {@code -CONT}: a process that stops answering, and goes on. */
        void signal(String signal) {
            run("kill", signal, String.valueOf(process.pid()));
        }

        /** {@code kill -9}. */
        void kill() {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
                awaitExit();
            }
        }

        /** SIGTERM: the graceful stop a rolling restart uses. */
        void stop() {
            process.destroy();
            awaitExit();
        }

        private void awaitExit() {
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("node " + number + " did not exit within 60 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private void startNginx() throws IOException {
        gatewayPort = freePort();
        String servers = nodes.stream().map(node -> "        server 127.0.0.1:" + node.port + " max_fails=1 fail_timeout=2s;\n")
                .collect(Collectors.joining());
        Path tmp = Files.createDirectories(work.resolve("nginx-tmp"));
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            run("chown", "-R", "nobody:nogroup", tmp.toString());
        }
        String config = Files.readString(DEPLOY.resolve("cluster-nginx.conf.template"))
                .replace("@USER@", root ? "user nobody nogroup;" : "")
                .replace("@WORK@", work.toString()).replace("@LOGS@", work.toString())
                .replace("@GATEWAY_PORT@", Integer.toString(gatewayPort))
                .replace("@API_SERVERS@\n", servers);
        Path conf = work.resolve("nginx.conf");
        Files.writeString(conf, config);
        nginx = new ProcessBuilder("nginx", "-e", work.resolve("nginx-error.log").toString(), "-c", conf.toString(),
                "-p", work.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("nginx.out").toFile())).start();
        HttpClient http = HttpClient.newHttpClient();
        for (int attempt = 0; attempt < 100; attempt++) {
            try {
                http.send(HttpRequest.newBuilder(URI.create(gateway() + "/v1alpha/verify")).build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                pause(Duration.ofMillis(100));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("nginx did not answer; see " + work.resolve("nginx-error.log"));
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> fields = new java.util.HashMap<>();
        for (String field : line.trim().split(" ")) {
            int equals = field.indexOf('=');
            if (equals > 0) {
                fields.put(field.substring(0, equals), field.substring(equals + 1));
            }
        }
        return fields;
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed");
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
