package dev.tokenauthority.app.battery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Battery test 2: many clients regenerate the same few tokens at once, spread over the given nodes, while others
 * verify every secret ever returned, on any node. A history of every call (when it started, when it returned, what
 * it answered) is then checked: a secret counts as superseded once a regenerate of its token that <em>started after
 * the secret's own call returned</em> has returned (that regenerate is necessarily ordered after it); a verification
 * that started after that moment and was accepted is a superseded secret accepted. At the end every secret ever
 * returned is verified on every node: exactly one per token opens.
 *
 * <p>With a gateway (the cluster's nginx), half the verifiers call it and half call a node directly: a node that
 * cannot show it holds every revocation refuses with {@code 503} (fail-closed), which a caller asking that node sees,
 * while the gateway sends the verification on to another node, as it is deployed; the two are counted apart.
 */
public final class RegenerationRace {

    /** What the race measured. */
    public record Result(int regenerations, int conflicts, int verifications, int supersededAccepted,
                         int serverErrors, int tokensWithoutExactlyOneSecret, int rateLimited, Map<String, Integer> errors,
                         Gateway gateway) {

        public BatteryFigures figures(BatteryFigures figures) {
            figures.context("regenerations answered 200 / 409 (lost a race)", regenerations + " / " + conflicts)
                    .context("verifications during the race (429 among them)", verifications + " (" + rateLimited + ")")
                    .exactly("superseded secrets accepted after their regenerate returned", supersededAccepted, 0)
                    .exactly("tokens without exactly one valid secret at the end (on any node)", tokensWithoutExactlyOneSecret, 0);
            if (gateway == null) {
                return figures.exactly("5xx answers" + (errors.isEmpty() ? "" : " " + errors), serverErrors, 0);
            }
            return figures
                    .exactly("5xx answers from nodes called directly" + (errors.isEmpty() ? "" : " " + errors),
                            serverErrors - gateway.serverErrors(), 0)
                    .context("verifications through nginx during the race (the others called a node directly)",
                            Integer.toString(gateway.verifications()))
                    .exactly("5xx answers through nginx (a refusing node's verification goes to the next node)",
                            gateway.serverErrors(), 0);
        }
    }

    /** The verifications that went through the gateway, and its 5xx answers among them. */
    public record Gateway(int verifications, int serverErrors) {
    }

    private record Call(int token, long started, long returned, String secret) {
    }

    private record Verification(String secret, long started, int status) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> nodes;
    private final String adminKey;
    private final String project;
    private final String region;
    private final String gateway;

    public RegenerationRace(List<String> nodes, String adminKey, String project, String region) {
        this(nodes, null, adminKey, project, region);
    }

    /** Over several nodes, with the gateway in front of them ({@code null}: none). */
    public RegenerationRace(List<String> nodes, String gateway, String adminKey, String project, String region) {
        this.nodes = List.copyOf(nodes);
        this.gateway = gateway;
        this.adminKey = adminKey;
        this.project = project;
        this.region = region;
    }

    /**
     * {@code regenerators} threads each regenerate {@code perThread} times a token picked at random among
     * {@code tokens}, while {@code verifiers} threads verify secrets picked at random among all those returned.
     */
    public Result run(int tokens, int regenerators, int perThread, int verifiers, long seed) throws Exception {
        String instance = registerInstance();
        List<Call> calls = new CopyOnWriteArrayList<>();
        List<String> tokenIds = new ArrayList<>();
        for (int t = 0; t < tokens; t++) {
            long started = System.nanoTime();
            JsonNode token = call("POST", "/v1alpha/" + instance + "/tokens", "{\"name\":\"race-" + t + "\"}", 201).get("token");
            tokenIds.add(token.get("id").asText());
            calls.add(new Call(t, started, System.nanoTime(), token.get("content").asText()));
        }
        AtomicInteger conflicts = new AtomicInteger();
        AtomicInteger serverErrors = new AtomicInteger();
        AtomicInteger gatewayVerifications = new AtomicInteger();
        AtomicInteger gatewayServerErrors = new AtomicInteger();
        Map<String, Integer> errors = new java.util.concurrent.ConcurrentHashMap<>();
        List<Verification> verifications = new CopyOnWriteArrayList<>();
        AtomicBoolean racing = new AtomicBoolean(true);
        Random seeds = new Random(seed);
        ExecutorService pool = Executors.newFixedThreadPool(regenerators + verifiers);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < regenerators; w++) {
            Random random = new Random(seeds.nextLong());
            writers.add(pool.submit(() -> {
                for (int k = 0; k < perThread; k++) {
                    int t = random.nextInt(tokens);
                    String node = nodes.get(random.nextInt(nodes.size()));
                    long started = System.nanoTime();
                    HttpResponse<String> answer = send(node, "POST", "/v1alpha/" + instance + "/tokens/" + tokenIds.get(t)
                            + "/regenerate", null);
                    long returned = System.nanoTime();
                    if (answer.statusCode() == 200) {
                        calls.add(new Call(t, started, returned, JSON.readTree(answer.body()).get("token").get("content").asText()));
                    } else if (answer.statusCode() == 409) {
                        conflicts.incrementAndGet();
                    } else {
                        serverErrors.addAndGet(answer.statusCode() >= 500 ? 1 : 0);
                        errors.merge("regenerate " + answer.statusCode(), 1, Integer::sum);
                        throw new AssertionError("regenerate answered " + answer.statusCode() + ": " + answer.body());
                    }
                }
                return null;
            }));
        }
        List<Future<?>> readers = new ArrayList<>();
        for (int v = 0; v < verifiers; v++) {
            Random random = new Random(seeds.nextLong());
            boolean throughGateway = gateway != null && v % 2 == 0;
            readers.add(pool.submit(() -> {
                while (racing.get()) {
                    Call issued = calls.get(random.nextInt(calls.size()));
                    long started = System.nanoTime();
                    String target = throughGateway ? gateway : nodes.get(random.nextInt(nodes.size()));
                    int status = verify(target, issued.secret(), instance);
                    serverErrors.addAndGet(status >= 500 ? 1 : 0);
                    if (throughGateway) {
                        gatewayVerifications.incrementAndGet();
                        gatewayServerErrors.addAndGet(status >= 500 ? 1 : 0);
                    }
                    if (status >= 500) {
                        errors.merge("verify " + (throughGateway ? "through nginx " : "") + "during the race " + status,
                                1, Integer::sum);
                    }
                    verifications.add(new Verification(issued.secret(), started, status));
                }
                return null;
            }));
        }
        try {
            for (Future<?> writer : writers) {
                writer.get(20, TimeUnit.MINUTES);
            }
        } finally {
            racing.set(false);
            for (Future<?> reader : readers) {
                reader.get(2, TimeUnit.MINUTES);
            }
            pool.shutdown();
        }
        int supersededAccepted = supersededAccepted(calls, verifications);
        int withoutOne = tokensWithoutExactlyOneSecret(calls, tokens, instance, serverErrors, errors);
        int rateLimited = (int) verifications.stream().filter(v -> v.status() == 429).count();
        return new Result(calls.size() - tokens, conflicts.get(), verifications.size(), supersededAccepted,
                serverErrors.get(), withoutOne, rateLimited, Map.copyOf(errors),
                gateway == null ? null : new Gateway(gatewayVerifications.get(), gatewayServerErrors.get()));
    }

    private static int supersededAccepted(List<Call> calls, List<Verification> verifications) {
        Map<String, Long> supersededAt = new HashMap<>();
        for (Call issuing : calls) {
            supersededAt.put(issuing.secret(), calls.stream()
                    .filter(c -> c.token() == issuing.token() && c.started() > issuing.returned())
                    .mapToLong(Call::returned).min().orElse(Long.MAX_VALUE));
        }
        return (int) verifications.stream()
                .filter(v -> v.status() == 204 && v.started() > supersededAt.get(v.secret())).count();
    }

    private int tokensWithoutExactlyOneSecret(List<Call> calls, int tokens, String instance, AtomicInteger serverErrors,
                                              Map<String, Integer> errors) throws IOException {
        int without = 0;
        for (int t = 0; t < tokens; t++) {
            for (String node : nodes) {
                int open = 0;
                for (Call call : calls) {
                    if (call.token() == t) {
                        int status = verify(node, call.secret(), instance);
                        serverErrors.addAndGet(status >= 500 ? 1 : 0);
                        if (status >= 500) {
                            errors.merge("verify at the end " + status, 1, Integer::sum);
                        }
                        open += status == 204 ? 1 : 0;
                    }
                }
                if (open != 1) {
                    without++;
                    break;
                }
            }
        }
        return without;
    }

    private String registerInstance() throws IOException {
        JsonNode instance = call("POST", "/v1alpha/projects/" + project + "/regions/" + region + "/instances",
                "{\"type\":\"app\",\"name\":\"race\"}", 201);
        return "projects/" + project + "/regions/" + region + "/instances/" + instance.get("id").asText();
    }

    private JsonNode call(String method, String path, String body, int expected) throws IOException {
        HttpResponse<String> answer = send(nodes.get(0), method, path, body);
        if (answer.statusCode() != expected) {
            throw new AssertionError(method + " " + path + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return JSON.readTree(answer.body());
    }

    private HttpResponse<String> send(String node, String method, String path, String body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + adminKey)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return exchange(request.build());
    }

    private int verify(String node, String secret, String instance) throws IOException {
        String[] parts = instance.split("/");
        HttpRequest request = HttpRequest.newBuilder(URI.create(node + "/v1alpha/verify?projectId=" + parts[1]
                        + "&regionId=" + parts[3] + "&instanceId=" + parts[5]))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + secret).build();
        return exchange(request).statusCode();
    }

    private HttpResponse<String> exchange(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
