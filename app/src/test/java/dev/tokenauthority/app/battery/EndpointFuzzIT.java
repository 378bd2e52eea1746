package dev.tokenauthority.app.battery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenauthority.app.process.Api;
import dev.tokenauthority.app.process.ServiceLauncher;
import dev.tokenauthority.app.process.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Battery test 4: requests generated from every endpoint's contract ({@link ApiContract}, mutated by
 * {@link RequestFuzzer}), sent over raw sockets to the packaged service. Every answer must come (no dropped
 * connection), none may be a {@code 5xx}, every {@code 4xx} must be an RFC 9457 problem ({@code application/problem+json}
 * with its {@code status}), also those the servlet container gives before the application sees the request; and a
 * request answered with an error must leave the state as it was: the read models' digests are compared after every
 * one (a request answered {@code 2xx} may change them: the next comparison starts from there).
 */
@Tag(Battery.TAG)
class EndpointFuzzIT {

    private static final String ADMIN_KEY = "battery-fuzz-admin-key-0123456789-0123456789";
    private static final String PROJECT = "p-fuzz";
    private static final String REGION = "eu01";
    private static final String REGION_PATH = "/v1alpha/projects/" + PROJECT + "/regions/" + REGION;
    /**
     * A fresh fixture (instance, tokens, service account) after this many requests if one of them may have changed
     * it, since the fuzzer deletes what it is given.
     */
    private static final int FIXTURE_EVERY = 50;
    /**
     * A fresh service (new data directory; on PostgreSQL a new database) at the next endpoint once a digest costs more
     * than twice what it cost on this service at its cheapest: every request is followed by a digest of the read
     * models whole, so its cost grows with what the fuzzer's valid requests create (instances, tokens, and tokens of
     * deleted instances, which stay). On one service for the full battery's 530,000 requests, with every fixture kept,
     * it went from 4 ms a request at the first endpoint to 21 ms at the seventh on H2, hours in all; a fresh service
     * costs about 20 s and a cold JVM. The cost is the mean of an endpoint's last {@value #DIGEST_TAIL} digests (the JVM
     * warm by then); the CI slice (60 requests an endpoint) has fewer and stays on one service.
     */
    private static final int DIGEST_TAIL = 1_000;
    /**
     * The gateway's login form and denied page answer HTML at every status: a browser behind nginx shows them. Every
     * other 4xx must be a problem.
     */
    private static final java.util.regex.Pattern BROWSER_PAGES = java.util.regex.Pattern.compile("/v1alpha/gateway/(denied|login)([?].*)?");

    static Stream<org.junit.jupiter.params.provider.Arguments> deployments() {
        return Battery.stores(Battery.H2).map(store -> org.junit.jupiter.params.provider.Arguments.of(store,
                store.equals(Battery.H2) ? ServiceLauncher.packagedJarOnH2(ADMIN_KEY) : ServiceLauncher.packagedJarOnPostgres(ADMIN_KEY)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void noRequestGetsA5xxEveryErrorIsAProblemAndChangesNothing(String deployment, ServiceLauncher launcher) throws Exception {
        int perEndpoint = Integer.getInteger("fuzz.requests", Battery.scaled(60, 10_000)); // per endpoint
        Path work = Files.createDirectories(Path.of("target", "battery-it").toAbsolutePath());
        Path log = Files.createTempFile(work, "fuzz-", ".log");
        Tally tally = new Tally();
        Map<String, List<String>> queryParameters = null;
        ServiceProcess service = null;
        Api api = null;
        try {
            Random random = new Random(Battery.seed());
            double cheapestDigestMillis = Double.MAX_VALUE;
            boolean freshServiceDue = false;
            for (ApiContract.Endpoint endpoint : ApiContract.ENDPOINTS) {
                Progress progress = new Progress(deployment, endpoint, tally.violations.size());
                if (service == null || freshServiceDue) {
                    if (service != null) {
                        service.stop();
                    }
                    Path dataDir = Files.createTempDirectory(work, "fuzz-");
                    service = progress.time(Progress.Phase.STARTING, () -> launcher.start(dataDir, log));
                    api = new Api(service);
                    cheapestDigestMillis = Double.MAX_VALUE;
                }
                if (queryParameters == null) {
                    queryParameters = describedQueryParameters(api);
                }
                long tailNanos = fuzz(endpoint, perEndpoint, api, URI.create(service.base()).getPort(),
                        random, queryParameters, progress, tally);
                if (perEndpoint >= DIGEST_TAIL) {
                    double digestMillis = tailNanos / 1e6 / DIGEST_TAIL;
                    cheapestDigestMillis = Math.min(cheapestDigestMillis, digestMillis);
                    freshServiceDue = digestMillis > 2 * cheapestDigestMillis;
                }
                progress.print(perEndpoint, tally.violations.size());
            }
        } finally {
            if (service != null) {
                service.close();
            }
        }
        List<String> violations = tally.violations;
        // One example of each kind of fault, with how often it happened: enough to find its cause.
        Map<String, List<String>> byKind = new java.util.TreeMap<>();
        violations.forEach(violation -> byKind.computeIfAbsent(signature(violation), k -> new ArrayList<>()).add(violation));
        byKind.forEach((kind, all) -> System.out.println("fuzz violation ×" + all.size() + " [" + kind + "] " + all.get(0)));
        new BatteryFigures("4 fuzzing every endpoint", deployment)
                .context("requests (" + perEndpoint + " per endpoint, " + ApiContract.ENDPOINTS.size() + " endpoints)",
                        tally.sent + " " + tally.statuses)
                .exactly("answers 5xx", count(violations, "5xx"), 0)
                .exactly("connections closed without an answer", count(violations, "no answer"), 0)
                .exactly("4xx that are not an RFC 9457 problem", count(violations, "not a problem"), 0)
                .exactly("errors that changed the state", count(violations, "changed the read models"), 0)
                .assertAllMet();
    }

    /** The answers so far, by class, and every fault found. */
    private static final class Tally {
        final Map<String, Long> statuses = new java.util.TreeMap<>();
        final List<String> violations = new ArrayList<>();
        long sent;
    }

    /**
     * Sends one endpoint's requests, each followed by the read models' digests; returns what the last
     * {@value #DIGEST_TAIL} digests cost, in nanoseconds (the measure of whether the next endpoint wants a fresh service).
     */
    private static long fuzz(ApiContract.Endpoint endpoint, int perEndpoint, Api api, int port, Random random,
                             Map<String, List<String>> queryParameters, Progress progress, Tally tally)
            throws IOException {
        Map<String, String> fixture = progress.fixture(() -> fixture(api));
        RequestFuzzer fuzzer = new RequestFuzzer(random, ADMIN_KEY, fixture.get("t-secret"), queryParameters);
        String digests = progress.time(Progress.Phase.DIGESTS, () -> digests(api));
        boolean fixtureMayBeChanged = false;
        long tailNanos = 0;
        for (int n = 1; n <= perEndpoint; n++) {
            RequestFuzzer.Request request = fuzzer.next(endpoint, fixture);
            String answer = progress.time(Progress.Phase.SENDING, () -> send(port, request.raw()));
            tally.sent++;
            int status = statusOf(answer);
            tally.statuses.merge(status < 0 ? "none" : status / 100 + "xx", 1L, Long::sum);
            String fault = fault(request, status, answer);
            String now = progress.time(Progress.Phase.DIGESTS, () -> digests(api));
            if (n > perEndpoint - DIGEST_TAIL) {
                tailNanos += progress.lastNanos();
            }
            if (fault == null && status >= 400 && !now.equals(digests)) {
                fault = "answered " + status + " but changed the read models";
            }
            fixtureMayBeChanged |= !now.equals(digests) || status < 0
                    || status < 400 && !request.method().equals("GET") && !request.method().equals("HEAD");
            digests = now;
            if (fault != null) {
                tally.violations.add(endpoint.name() + " #" + n + ": " + fault + "\n  request: "
                        + abbreviate(request.raw()) + "\n  answer: " + abbreviate(answer));
            }
            // Only a request that changed the state can have used up the fixture (deleted, regenerated): the others
            // keep it, and a used one is deleted, so that the read models, and with them every digest's cost, do not
            // grow by a fixture every 50 requests.
            if (n % FIXTURE_EVERY == 0 && fixtureMayBeChanged) {
                Map<String, String> used = fixture;
                fixture = progress.fixture(() -> {
                    delete(api, used);
                    return fixture(api);
                });
                fuzzer = new RequestFuzzer(random, ADMIN_KEY, fixture.get("t-secret"), queryParameters);
                digests = progress.time(Progress.Phase.DIGESTS, () -> digests(api));
                fixtureMayBeChanged = false;
            }
        }
        Map<String, String> last = fixture;
        progress.time(Progress.Phase.FIXTURES, () -> {
            delete(api, last);
            return null;
        });
        return tailNanos;
    }

    /**
     * The query parameters the service's own OpenAPI description gives each endpoint (the list filters, the audit's,
     * paging): the fuzzer sends them with hostile values. A description that has lost them would leave them unfuzzed
     * without a sound, so one that lacks the token list's {@code namePrefix} stops the test.
     */
    private static Map<String, List<String>> describedQueryParameters(Api api) throws IOException {
        Api.Answer description = api.admin("GET", "/v3/api-docs", null);
        Map<String, List<String>> parameters = ApiContract.queryParameters(description.json());
        String tokenList = ApiContract.ENDPOINTS.stream().filter(endpoint -> endpoint.method().equals("GET")
                && endpoint.path().endsWith("/instances/{i}/tokens")).findFirst().orElseThrow().shape();
        if (!parameters.getOrDefault(tokenList, List.of()).contains("namePrefix")) {
            throw new IllegalStateException("the OpenAPI description gives " + tokenList + " no namePrefix: "
                    + parameters.get(tokenList) + " (status " + description.status() + ")");
        }
        return parameters;
    }

    /** What is wrong with an answer, or null. */
    private static String fault(RequestFuzzer.Request request, int status, String answer) {
        if (status < 0) {
            return "no answer";
        }
        if (status >= 500) {
            return "5xx";
        }
        if (status >= 400 && !BROWSER_PAGES.matcher(request.target()).matches()) {
            int headEnd = answer.indexOf("\r\n\r\n");
            String head = headEnd < 0 ? answer : answer.substring(0, headEnd);
            if (!head.toLowerCase().contains("\r\ncontent-type: application/problem+json")) {
                return "not a problem (content type)";
            }
            if (!request.method().equals("HEAD")) {
                try {
                    JsonNode problem = Api.JSON.readTree(body(answer.substring(headEnd + 4), head));
                    if (problem.path("status").asInt() != status || !problem.hasNonNull("title")) {
                        return "not a problem (status or title)";
                    }
                } catch (IOException e) {
                    return "not a problem (no JSON body)";
                }
            }
        }
        return null;
    }

    /** The body as sent: chunked transfer coding undone. */
    private static String body(String rest, String head) {
        if (!head.toLowerCase().contains("\r\ntransfer-encoding: chunked")) {
            return rest;
        }
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (at < rest.length()) {
            int lineEnd = rest.indexOf("\r\n", at);
            int size = Integer.parseInt(rest.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                break;
            }
            body.append(rest, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
        return body.toString();
    }

    /** The final answer: interim {@code 1xx} ones (to {@code Expect: 100-continue}) skipped. */
    private static String send(int port, String request) {
        try {
            String answer = RawHttp.exchange("127.0.0.1", port, request);
            while (answer.startsWith("HTTP/1.1 1") && answer.contains("\r\n\r\n")) {
                answer = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            }
            return answer;
        } catch (IOException e) {
            return "";
        }
    }

    private static int statusOf(String answer) {
        if (!answer.startsWith("HTTP/1.1 ") || answer.length() < 12) {
            return -1;
        }
        return Integer.parseInt(answer.substring(9, 12));
    }

    /** The fault with the answer's status line and content type: what tells one cause from another. */
    private static String signature(String violation) {
        String fault = violation.substring(violation.indexOf(": ") + 2, violation.indexOf("\n"));
        String answer = violation.substring(violation.indexOf("  answer: ") + 10);
        String status = answer.length() >= 12 ? answer.substring(0, 12) : answer;
        java.util.regex.Matcher type = java.util.regex.Pattern.compile("Content-Type: ([^⏎]*)").matcher(answer);
        return fault + " / " + status + " / " + (type.find() ? type.group(1) : "no content type");
    }

    private static long count(List<String> violations, String kind) {
        return violations.stream().filter(violation -> violation.contains(": " + kind)).count();
    }

    private static String abbreviate(String text) {
        String oneLine = text.replace("\r\n", "⏎ ");
        return oneLine.length() <= 400 ? oneLine : oneLine.substring(0, 400) + "… (" + oneLine.length() + " chars)";
    }

    /**
     * Where an endpoint's requests spent their time, printed when it is done: the full battery's fuzz piece runs for
     * hours and prints its table only at its end, so a run stopped early still says how far it got and what it saw.
     */
    private static final class Progress {

        interface Timed<T> {
            T call() throws IOException;
        }

        enum Phase { STARTING, SENDING, DIGESTS, FIXTURES }

        private final String deployment;
        private final ApiContract.Endpoint endpoint;
        private final int violationsBefore;
        private final long startedAt = System.nanoTime();
        private final long[] spent = new long[Phase.values().length];
        private long lastNanos;
        private int fixturesMade;

        Progress(String deployment, ApiContract.Endpoint endpoint, int violationsBefore) {
            this.deployment = deployment;
            this.endpoint = endpoint;
            this.violationsBefore = violationsBefore;
        }

        /** A fixture made (its time goes to {@link Phase#FIXTURES}, with the deletion of used ones). */
        Map<String, String> fixture(Timed<Map<String, String>> making) throws IOException {
            fixturesMade++;
            return time(Phase.FIXTURES, making);
        }

        /** How long the last timed call took. */
        long lastNanos() {
            return lastNanos;
        }

        <T> T time(Phase phase, Timed<T> call) throws IOException {
            long start = System.nanoTime();
            try {
                return call.call();
            } finally {
                lastNanos = System.nanoTime() - start;
                spent[phase.ordinal()] += lastNanos;
            }
        }

        void print(int requests, int violations) {
            System.out.printf("fuzz %s %s: %d requests in %.1f s (starting a service %.1f s, sending %.1f s, digests %.1f s, "
                            + "%d fixtures %.1f s), %d violations%n", deployment, endpoint.name(), requests,
                    seconds(System.nanoTime() - startedAt), seconds(spent[Phase.STARTING.ordinal()]),
                    seconds(spent[Phase.SENDING.ordinal()]), seconds(spent[Phase.DIGESTS.ordinal()]), fixturesMade,
                    seconds(spent[Phase.FIXTURES.ordinal()]), violations - violationsBefore);
        }

        private static double seconds(long nanos) {
            return nanos / 1e9;
        }
    }

    private static String digests(Api api) throws IOException {
        Api.Answer answer = api.admin("GET", "/v1alpha/replay/digests", null);
        if (answer.status() != 200) {
            throw new AssertionError("digests answered " + answer.status() + ": " + answer.body());
        }
        return answer.body();
    }

    /** A live instance with an instance token, a selector token over it, a service account and a webhook. */
    private static Map<String, String> fixture(Api api) throws IOException {
        String instances = REGION_PATH + "/instances";
        String instance = created(api, instances, "{\"type\":\"app\",\"name\":\"fixture\",\"labels\":{\"group\":\"a\"}}").get("id").asText();
        JsonNode token = created(api, instances + "/" + instance + "/tokens", "{\"name\":\"fixture\"}").get("token");
        JsonNode selector = created(api, REGION_PATH + "/tokens",
                "{\"name\":\"fixture\",\"role\":\"read-only\",\"selector\":{\"group\":\"a\"}}").get("token");
        JsonNode account = created(api, "/v1alpha/projects/" + PROJECT + "/service-accounts",
                "{\"name\":\"fixture\",\"role\":\"viewer\"}").get("serviceAccount");
        // a project has at most 10 webhooks, and the fuzzer registers some: a fixture reuses one that is there
        JsonNode existing = api.admin("GET", "/v1alpha/projects/" + PROJECT + "/webhooks", null).json().path("webhooks");
        JsonNode webhook = existing.size() > 0 ? existing.get(0) : created(api, "/v1alpha/projects/" + PROJECT + "/webhooks",
                "{\"url\":\"https://127.0.0.1:9/fixture\"}").get("webhook");
        Map<String, String> fixture = new LinkedHashMap<>();
        fixture.put("p", PROJECT);
        fixture.put("r", REGION);
        fixture.put("i", instance);
        fixture.put("t", token.get("id").asText());
        fixture.put("s", selector.get("id").asText());
        fixture.put("a", account.get("id").asText());
        fixture.put("w", webhook.get("id").asText());
        fixture.put("t-secret", token.get("content").asText());
        return fixture;
    }

    /** Deletes what a fixture made but its webhook (shared): those the fuzzer deleted already answer 404. */
    private static void delete(Api api, Map<String, String> fixture) throws IOException {
        String instance = REGION_PATH + "/instances/" + fixture.get("i");
        for (String path : List.of(instance + "/tokens/" + fixture.get("t"), REGION_PATH + "/tokens/" + fixture.get("s"),
                "/v1alpha/projects/" + PROJECT + "/service-accounts/" + fixture.get("a"), instance)) {
            int status = api.admin("DELETE", path, null).status();
            if (status != 204 && status != 200 && status != 404) {
                throw new AssertionError("DELETE " + path + " of a used fixture answered " + status);
            }
        }
    }

    private static JsonNode created(Api api, String path, String body) throws IOException {
        Api.Answer answer = api.admin("POST", path, body);
        if (answer.status() != 201) {
            throw new AssertionError("POST " + path + " answered " + answer.status() + ": " + answer.body());
        }
        return answer.json();
    }
}
