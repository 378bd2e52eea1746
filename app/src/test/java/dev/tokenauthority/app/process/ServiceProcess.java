package dev.tokenauthority.app.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** One running process of the service, spoken to over HTTP, stopped with {@code SIGKILL} as a crash would. */
public final class ServiceProcess implements AutoCloseable {

    private static final Duration START_LIMIT = Duration.ofSeconds(120);

    private final Process process;
    private final String base;
    private final String adminKey;

    private ServiceProcess(Process process, String base, String adminKey) {
        this.process = process;
        this.base = base;
        this.adminKey = adminKey;
    }

    /**
     * Waits until the service answers a verify call with a decision rather than "starting" (503): its auth lookup
     * has then caught up with the event store.
     */
    static ServiceProcess awaitReady(Process process, String base, String adminKey, Path log) throws IOException {
        ServiceProcess service = new ServiceProcess(process, base, adminKey);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(base
                + "/v1alpha/verify?projectId=p-probe&regionId=r-probe&instanceId=i-probe"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + " while starting; see " + log);
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 401) {
                    return service;
                }
            } catch (IOException notListeningYet) {
                // the port opens late in the start
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                service.kill();
                throw new IllegalStateException(e);
            }
            sleep(Duration.ofMillis(200));
        }
        service.kill();
        throw new IllegalStateException("the service did not become ready within " + START_LIMIT + "; see " + log);
    }

    public String base() {
        return base;
    }

    public String adminKey() {
        return adminKey;
    }

    public long pid() {
        return process.pid();
    }

    /** {@code kill -9}: no shutdown hook, no flush, no graceful stop. */
    public void kill() {
        process.destroyForcibly(); // SIGKILL on Linux
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("process " + process.pid() + " survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A clean stop ({@code SIGTERM}): the service finishes its requests, writes its snapshot and exits. */
    public void stop() {
        process.destroy(); // SIGTERM on Linux
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("process " + process.pid() + " did not stop within 60 s of SIGTERM");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
