package dev.tokenauthority.app.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code gateway/demo.sh} as a test runs it: the packaged service, Debian's nginx (or Caddy) in front of the demo app, all on
 * loopback. Started with the environment given (the admin key; a PostgreSQL store through
 * {@code TOKEN_AUTHORITY_DB_URL}, {@code _USER}, {@code _PASSWORD}), it prints one line with what it started.
 */
public final class DemoStack implements AutoCloseable {

    private static final Pattern LINE = Pattern.compile("service=http://127\\.0\\.0\\.1:\\d+ gateway=http://127\\.0\\.0\\.1:\\d+/"
            + " project=demo region=local instance=[0-9a-f-]{36}");

    private final Process demo;
    private final Map<String, String> fields;

    private DemoStack(Process demo, Map<String, String> fields) {
        this.demo = demo;
        this.fields = fields;
    }

    /** Starts demo.sh with {@code environment} and its logs in {@code logs}; returns once it printed its line. */
    public static DemoStack start(Map<String, String> environment, Path logs) throws Exception {
        return start(environment, List.of(), logs);
    }

    /** The same with demo.sh's {@code arguments} ({@code --caddy}: Caddy in front of the app instead of nginx). */
    public static DemoStack start(Map<String, String> environment, List<String> arguments, Path logs) throws Exception {
        String gateway = arguments.contains("--caddy") ? "/usr/bin/caddy" : "/usr/sbin/nginx";
        for (String program : new String[] {gateway, "/usr/bin/curl"}) {
            if (!Files.isExecutable(Path.of(program))) {
                throw new IllegalStateException(program + " is missing (Debian's package; .ci/run installs it)");
            }
        }
        Files.createDirectories(logs);
        List<String> command = new ArrayList<>(List.of("bash", Path.of("..", "gateway", "demo.sh").toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(logs.resolve("demo.stderr").toFile());
        builder.environment().putAll(environment);
        builder.environment().put("TOKEN_AUTHORITY_DEMO_LOGS", logs.toString());
        Process demo = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).get(240, TimeUnit.SECONDS);
        if (line == null || !LINE.matcher(line).matches()) {
            demo.destroy();
            throw new IllegalStateException("demo.sh printed " + line + " (stderr in " + logs + ")");
        }
        Map<String, String> fields = new HashMap<>();
        for (String pair : line.split(" ")) {
            fields.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        return new DemoStack(demo, fields);
    }

    /** The service's own address ({@code http://127.0.0.1:port}). */
    public String service() {
        return fields.get("service");
    }

    /** The gateway's address, with its trailing slash. */
    public String gateway() {
        return fields.get("gateway");
    }

    public int gatewayPort() {
        return URI.create(gateway()).getPort();
    }

    /** The id of the instance nginx protects (project {@code demo}, region {@code local}). */
    public String instance() {
        return fields.get("instance");
    }

    /** SIGTERM, as an operator stops it; true if demo.sh and all it started ended within 60 s. */
    public boolean stop() throws InterruptedException {
        demo.destroy();
        return demo.waitFor(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (demo.isAlive() && !stop()) {
            demo.destroyForcibly();
        }
    }
}
