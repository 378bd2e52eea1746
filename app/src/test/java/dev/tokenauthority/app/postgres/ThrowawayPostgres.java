package dev.tokenauthority.app.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for tests: Debian's, started once per test JVM by {@code deploy/throwaway-postgres.sh}
 * in a temporary directory on a free loopback port, stopped when the JVM exits. Each test gets a database of
 * its own ({@link #newDatabase}); the service connects as the unprivileged role that owns it.
 */
public final class ThrowawayPostgres {

    private static final Path SCRIPT = Path.of("..", "deploy", "throwaway-postgres.sh").toAbsolutePath().normalize();
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static ThrowawayPostgres server;

    private final Path dir;
    private final String user;
    private final String password;

    private ThrowawayPostgres(Path dir, Map<String, String> started) {
        this.dir = dir;
        this.user = started.get("user");
        this.password = started.get("password");
    }

    /** The server of this JVM, started on first use. */
    public static synchronized ThrowawayPostgres server() {
        if (server == null) {
            try {
                // Under /tmp: when the tests run as root, the server runs as the postgres user, which must reach it.
                Path dir = Files.createTempDirectory(Path.of("/tmp"), "token-authority-pg-");
                dir.toFile().setReadable(true, false);
                dir.toFile().setExecutable(true, false);
                ThrowawayPostgres started = new ThrowawayPostgres(dir, fields(run("start", dir.toString())));
                Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "throwaway-postgres-stop"));
                server = started;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server;
    }

    /** The server's directory: its data files among them. */
    public Path directory() {
        return dir;
    }

    /** A new, empty database owned by the service's role. */
    public Database newDatabase() {
        String name = "ta_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        return new Database(fields(run("createdb", dir.toString(), name)).get("url"), user, password);
    }

    /** Where the service finds a database: {@code spring.datasource.*}, as an operator gives them. */
    public record Database(String url, String user, String password) {

        public String[] springArguments() {
            return new String[] {"--spring.datasource.url=" + url, "--spring.datasource.username=" + user,
                    "--spring.datasource.password=" + password};
        }

        /** The same as environment variables, for a service started by a script (gateway/demo.sh). */
        public java.util.Map<String, String> springEnvironment() {
            return java.util.Map.of("SPRING_DATASOURCE_URL", url, "SPRING_DATASOURCE_USERNAME", user,
                    "SPRING_DATASOURCE_PASSWORD", password);
        }
    }

    private void stop() {
        run("stop", dir.toString());
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> fields = new HashMap<>();
        Arrays.stream(line.strip().split(" ")).forEach(pair -> {
            int equals = pair.indexOf('=');
            fields.put(pair.substring(0, equals), pair.substring(equals + 1));
        });
        return fields;
    }

    private static String run(String... arguments) {
        String[] command = new String[arguments.length + 2];
        command[0] = "bash";
        command[1] = SCRIPT.toString();
        System.arraycopy(arguments, 0, command, 2, arguments.length);
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
