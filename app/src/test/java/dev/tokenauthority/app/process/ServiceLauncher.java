package dev.tokenauthority.app.process;

import dev.tokenauthority.app.postgres.ThrowawayPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * How a test starts the real service as a separate process, so that it can be killed with {@code SIGKILL}.
 * Crash tests take one as a parameter: the embedded default today, PostgreSQL and a cluster later, the same test.
 */
@FunctionalInterface
public interface ServiceLauncher {

    String LIMIT = "--token-authority.gateway.failed-verifications.burst=";
    String DENIED_NETWORKS = "--token-authority.webhooks.denied-networks=";

    /** Starts the service on the data in {@code dataDir}, logging to {@code log}; returns once it answers verify. */
    ServiceProcess start(Path dataDir, Path log) throws IOException;

    /** The packaged jar ({@code app/target/token-authority.jar}) on its embedded H2 file, as the README starts it. */
    static ServiceLauncher packagedJarOnH2(String adminKey, String... serviceArguments) {
        return packagedJar(adminKey, dataDir -> List.of(serviceArguments));
    }

    /** The packaged jar on a real PostgreSQL server, a database of its own per data directory. */
    static ServiceLauncher packagedJarOnPostgres(String adminKey, String... serviceArguments) {
        Map<Path, ThrowawayPostgres.Database> databases = new ConcurrentHashMap<>();
        return packagedJar(adminKey, dataDir -> {
            List<String> arguments = new ArrayList<>(List.of(databases
                    .computeIfAbsent(dataDir, any -> ThrowawayPostgres.server().newDatabase()).springArguments()));
            arguments.addAll(List.of(serviceArguments));
            return arguments;
        });
    }

    /** The packaged jar on the given PostgreSQL database, whatever the data directory (a test that looks into it). */
    static ServiceLauncher packagedJarOnPostgres(ThrowawayPostgres.Database database, String adminKey,
                                                 String... serviceArguments) {
        return packagedJar(adminKey, dataDir -> {
            List<String> arguments = new ArrayList<>(List.of(database.springArguments()));
            arguments.addAll(List.of(serviceArguments));
            return arguments;
        });
    }

    private static ServiceLauncher packagedJar(String adminKey, Function<Path, List<String>> storeArguments) {
        return (dataDir, log) -> {
            int port = freeLoopbackPort();
            List<String> command = new ArrayList<>(PackagedJar.command("-Xmx384m"));
            command.addAll(List.of("--server.port=" + port, "--server.address=127.0.0.1",
                    "--token-authority.data-dir=" + dataDir));
            List<String> arguments = storeArguments.apply(dataDir);
            if (arguments.stream().noneMatch(argument -> argument.startsWith(LIMIT))) {
                // The checks verify thousands of superseded secrets from 127.0.0.1 on purpose; a test of the limit
                // itself passes its own.
                command.add(LIMIT + "1000000");
            }
            if (arguments.stream().noneMatch(argument -> argument.startsWith(DENIED_NETWORKS))) {
                command.add(DENIED_NETWORKS); // the tests' webhooks are on loopback; the deny list has tests of its own
            }
            command.addAll(arguments);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("TOKEN_AUTHORITY_ADMIN_KEY", adminKey);
            return ServiceProcess.awaitReady(builder.start(), "http://127.0.0.1:" + port, adminKey, log);
        };
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
