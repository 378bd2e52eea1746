package dev.tokenauthority.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The gateway endpoints as a gateway sees them, over real HTTP on their own listener with a gateway key:
 * who may reach them, the failed-verification limit, and the login sessions (bound to the token's secret,
 * ended by logout, regenerate and revoke). The same flows through a real nginx and a real browser are in
 * {@code NginxGatewayIT} and {@code CaddyGatewayIT}.
 */
class GatewayEndpointsEndToEndTests {

    private static final String GATEWAY_KEY = "test-gateway-key-0123456789-0123456789-abc";
    private static final Pattern STATE = Pattern.compile("name=\"state\" value=\"([^\"]+)\"");

    @TempDir
    static Path dataDir;
    static RunningService service;
    static int gatewayPort;
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final AtomicInteger distinctClients = new AtomicInteger();

    @BeforeAll
    static void start() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            gatewayPort = probe.getLocalPort();
        }
        service = RunningService.start(dataDir, "--token-authority.gateway.port=" + gatewayPort,
                "--token-authority.gateway.key=" + GATEWAY_KEY,
                "--token-authority.gateway.failed-verifications.burst=5");
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void theGatewayEndpointsAnswerOnlyOnTheirListenerAndOnlyToTheGatewayKey() {
        String secret = service.create("{\"name\":\"listener\"}").get("content").asText();
        String verify = verifyPath();

        assertThat(service.send("GET", verify, null, null, secret).statusCode()).as("verify on the public port").isEqualTo(404);
        assertThat(gateway("GET", "/v1alpha/projects/p-1/regions/eu01/instances", Map.of(
                "Authorization", "Bearer " + RunningService.ADMIN_KEY, "X-Token-Authority-Gateway-Key", GATEWAY_KEY))
                .statusCode()).as("admin API on the gateway port").isEqualTo(404);

        HttpResponse<String> noKey = gateway("GET", verify, Map.of("Authorization", "Bearer " + secret));
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(noKey.headers().firstValue("WWW-Authenticate")).hasValue("Gateway-Key realm=\"token-authority-gateway\"");
        assertThat(gateway("GET", verify, Map.of("Authorization", "Bearer " + secret,
                "X-Token-Authority-Gateway-Key", GATEWAY_KEY + "x")).statusCode()).isEqualTo(401);
        assertThat(gateway("GET", verify, withKey("Authorization", "Bearer " + secret)).statusCode()).isEqualTo(204);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aFloodOfCallsWithoutTheGatewayKeyIsRefusedWithAWarningASecondNotALineEach(CapturedOutput output) {
        String verify = verifyPath();
        long started = System.nanoTime();
        int calls = 0;
        // at least 500 calls over at least 1.5 s (so a line is due even right after another test's), at most 5,000
        while (calls < 5_000 && (calls < 500 || System.nanoTime() - started < 1_500_000_000L)) {
            assertThat(gateway("GET", verify, Map.of("Authorization", "Bearer tka_not-a-secret")).statusCode()).isEqualTo(401);
            calls++;
        }
        long seconds = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        long lines = output.getOut().lines().filter(line -> line.contains("gateway call refused")).count();
        assertThat(lines).as("one a second at most: %d calls over %d s", calls, seconds).isBetween(1L, seconds + 2);
    }

    @Test
    void failedVerificationsAreLimitedPerAddressTheGatewayVouchesFor() {
        String secret = service.create("{\"name\":\"limited\"}").get("content").asText();
        for (int i = 0; i < 5; i++) {
            assertThat(verify("10.9.0.1", "tka_wrong" + i).statusCode()).as("failure %d", i).isEqualTo(401);
        }
        HttpResponse<String> limited = verify("10.9.0.1", "tka_wrong");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Integer.parseInt(s)).isPositive());
        assertThat(limited.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(verify("10.9.0.1", secret).statusCode()).as("even a valid secret: no oracle while limited").isEqualTo(429);
        assertThat(verify("10.9.0.2", secret).statusCode()).as("another address").isEqualTo(204);
        for (int i = 0; i < 50; i++) {
            assertThat(verify("10.9.0.3", secret).statusCode()).as("valid callers never count").isEqualTo(204);
        }

        // The gateway's auth endpoint says the same in the only words nginx passes on: 401 rate_limited.
        HttpResponse<String> auth = gateway("GET", "/v1alpha/gateway/auth", app("10.9.0.1", "Authorization", "Bearer " + secret));
        assertThat(auth.statusCode()).isEqualTo(401);
        assertThat(auth.headers().firstValue("X-Token-Authority-Denial")).hasValue("rate_limited");
        assertThat(auth.headers().firstValue("X-Token-Authority-Retry-After")).isPresent();

        // A browser session from the limited address is not a guess, and is not limited.
        String session = login(secret, "/");
        HttpResponse<String> browser = gateway("GET", "/v1alpha/gateway/auth", app("10.9.0.1",
                "Cookie", "token_authority_session=" + session));
        assertThat(browser.statusCode()).isEqualTo(204);
    }

    @Test
    void operatorTokenGuessesOnTheAdminApiAreLimitedToo() {
        int refusedFirst = -1;
        for (int i = 0; i < 10 && refusedFirst < 0; i++) {
            int status = service.send("DELETE", RunningService.INSTANCES + "/" + service.instanceId(), null, null,
                    "tka_" + Integer.toString(i).repeat(49).substring(0, 49)).statusCode();
            if (status == 429) {
                refusedFirst = i;
            } else {
                assertThat(status).isEqualTo(401);
            }
        }
        assertThat(refusedFirst).as("burst 5 from this test's address").isEqualTo(5);
        assertThat(service.admin("GET", RunningService.INSTANCES, null).statusCode()).as("the admin key").isEqualTo(200);
    }

    @Test
    void aGatewayListenerWithoutAGatewayKeyDoesNotStart(@TempDir Path otherData) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RunningService.start(otherData,
                        "--token-authority.gateway.port=" + gatewayPort))
                .hasStackTraceContaining("set a gateway key too");
    }

    @Test
    void theAuthEndpointTellsTheGatewayWhy() {
        JsonNode token = service.create("{\"name\":\"why\"}");
        String secret = token.get("content").asText();
        HttpResponse<String> allowed = auth("Authorization", "Bearer " + secret);
        assertThat(allowed.statusCode()).isEqualTo(204);
        assertThat(allowed.headers().firstValue("X-Token-Authority-Token-Id")).hasValue(token.get("id").asText());
        assertThat(allowed.headers().firstValue("X-Token-Authority-Role")).hasValue("operator");
        assertThat(auth().headers().firstValue("X-Token-Authority-Denial")).hasValue("missing");
        assertThat(auth("Authorization", "Bearer tka_nonsense").headers().firstValue("X-Token-Authority-Denial"))
                .hasValue("invalid_token");
        String other = service.registerInstance("eu01", "{}");
        HttpResponse<String> elsewhere = gateway("GET", "/v1alpha/gateway/auth", withKey(
                "X-Token-Authority-Project-Id", "p-1", "X-Token-Authority-Region-Id", "eu01",
                "X-Token-Authority-Instance-Id", other, "X-Token-Authority-Client-Address", "10.9.1.9",
                "Authorization", "Bearer " + secret));
        assertThat(elsewhere.statusCode()).isEqualTo(403);
        assertThat(elsewhere.headers().firstValue("X-Token-Authority-Denial")).hasValue("insufficient_scope");
        assertThat(gateway("GET", "/v1alpha/gateway/auth", withKey("Authorization", "Bearer " + secret)).statusCode())
                .as("a gateway that names no app").isEqualTo(400);
    }

    @Test
    void aLoginSessionLastsAsLongAsTheSecretItWasOpenedWith() {
        JsonNode token = service.create("{\"name\":\"browser\"}");
        String tokenId = token.get("id").asText();
        String session = login(token.get("content").asText(), "/reports?year=2026");
        HttpResponse<String> allowed = auth("Cookie", "token_authority_session=" + session);
        assertThat(allowed.statusCode()).isEqualTo(204);
        assertThat(allowed.headers().firstValue("X-Token-Authority-Token-Id")).hasValue(tokenId);
        assertThat(service.database().queryForList("SELECT session_hash FROM gateway_session", String.class))
                .as("only the cookie's digest is stored").doesNotContain(session).hasSizeGreaterThanOrEqualTo(1);

        HttpResponse<String> regenerated = service.admin("POST", service.tokens() + "/" + tokenId + "/regenerate", null);
        assertThat(regenerated.statusCode()).isEqualTo(200);
        HttpResponse<String> ended = auth("Cookie", "token_authority_session=" + session);
        assertThat(ended.statusCode()).as("the next request after a regenerate").isEqualTo(401);
        assertThat(ended.headers().firstValue("X-Token-Authority-Denial")).hasValue("session_ended");

        String newSecret = RunningService.json(regenerated).get("token").get("content").asText();
        String second = login(newSecret, "/");
        assertThat(auth("Cookie", "token_authority_session=" + second).statusCode()).isEqualTo(204);
        assertThat(service.admin("DELETE", service.tokens() + "/" + tokenId, null).statusCode()).isEqualTo(204);
        assertThat(auth("Cookie", "token_authority_session=" + second).statusCode()).as("after a revoke").isEqualTo(401);
    }

    @Test
    void logoutEndsTheSessionForEveryCopyOfTheCookie() {
        String secret = service.create("{\"name\":\"logout\"}").get("content").asText();
        String session = login(secret, "/");
        HttpResponse<String> crossSite = gateway("GET", "/v1alpha/gateway/logout", withKey(
                "Cookie", "token_authority_session=" + session, "Sec-Fetch-Site", "cross-site"));
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(auth("Cookie", "token_authority_session=" + session).statusCode()).as("still logged in").isEqualTo(204);

        HttpResponse<String> logout = gateway("GET", "/v1alpha/gateway/logout", withKey(
                "Cookie", "token_authority_session=" + session, "Sec-Fetch-Site", "same-origin"));
        assertThat(logout.statusCode()).isEqualTo(200);
        assertThat(logout.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("token_authority_session=;").contains("Max-Age=0"));
        assertThat(auth("Cookie", "token_authority_session=" + session).statusCode()).as("a kept copy of the cookie").isEqualTo(401);
        assertThat(auth("Authorization", "Bearer " + secret).statusCode()).as("the token itself").isEqualTo(204);
    }

    @Test
    void theLoginFormRefusesForgedStaleAndCrossSitePostsAndWrongTokens() {
        String secret = service.create("{\"name\":\"form\"}").get("content").asText();
        LoginPage page = loginPage("//evil.example/steal");

        HttpResponse<String> noNonce = postLogin(page.state(), null, secret, Map.of());
        assertThat(noNonce.statusCode()).as("no nonce cookie").isEqualTo(400);
        HttpResponse<String> otherNonce = postLogin(page.state(), loginPage("/").nonce(), secret, Map.of());
        assertThat(otherNonce.statusCode()).as("another page's nonce").isEqualTo(400);
        assertThat(postLogin(page.state(), page.nonce(), secret, Map.of("Sec-Fetch-Site", "cross-site")).statusCode())
                .isEqualTo(403);
        assertThat(postLogin(page.state(), page.nonce(), secret, Map.of("Origin", "http://evil.example")).statusCode())
                .isEqualTo(403);

        assertThat(postLogin(page.state(), page.nonce(), secret, Map.of("Sec-Fetch-Site", "same-site")).statusCode())
                .as("a sibling host").isEqualTo(403);
        assertThat(send("POST", "/v1alpha/gateway/login?token=" + secret, withKey("Content-Type",
                "application/x-www-form-urlencoded", "Cookie", "token_authority_login=" + page.nonce()),
                "state=" + URLEncoder.encode(page.state(), StandardCharsets.UTF_8)).statusCode())
                .as("a token in the URL").isEqualTo(400);

        HttpResponse<String> wrong = postLogin(page.state(), page.nonce(), "tka_" + "x".repeat(49), Map.of());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("That token is not valid.").contains("name=\"state\"");
        assertThat(wrong.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("token_authority_session="));

        String other = service.registerInstance("eu01", "{}");
        String otherSecret = service.admin("POST", RunningService.INSTANCES + "/" + other + "/tokens", "{\"name\":\"o\"}")
                .body().replaceAll(".*\"content\":\"([^\"]+)\".*", "$1");
        HttpResponse<String> notThisApp = postLogin(page.state(), page.nonce(), otherSecret, Map.of());
        assertThat(notThisApp.statusCode()).isEqualTo(403);
        assertThat(notThisApp.body()).contains("does not grant access to this app");

        HttpResponse<String> right = postLogin(page.state(), page.nonce(), secret, Map.of());
        assertThat(right.statusCode()).isEqualTo(303);
        assertThat(right.headers().firstValue("Location")).as("never to another site").hasValue("/");
        assertThat(right.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
                .startsWith("token_authority_session=").contains("HttpOnly").contains("SameSite=Lax").contains("Path=/")
                .doesNotContain("Secure"));
        assertThat(String.join("\n", right.headers().map().toString(), right.body())).doesNotContain(secret);

        LoginPage overTls = loginPage("/");
        HttpResponse<String> secure = postLogin(overTls.state(), overTls.nonce(), secret, Map.of("X-Forwarded-Proto", "https"));
        assertThat(secure.statusCode()).isEqualTo(303);
        assertThat(secure.headers().allValues("Set-Cookie")).as("served over TLS")
                .anySatisfy(c -> assertThat(c).startsWith("token_authority_session=").contains("; Secure"));
    }

    @Test
    void aBrowserIsShownTheLoginPageAndAnyOtherClientAProblem() {
        HttpResponse<String> browser = gateway("GET", "/v1alpha/gateway/denied", appHeaders("Accept", "text/html,*/*;q=0.8",
                "X-Token-Authority-Denial", "session_ended", "X-Token-Authority-Original-Uri", "/a?b=<script>"));
        assertThat(browser.statusCode()).isEqualTo(401);
        assertThat(browser.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(browser.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(c -> assertThat(c).contains("default-src 'none'"));
        assertThat(browser.body()).contains("Login with token").contains("Your session has ended").doesNotContain("<script>");

        HttpResponse<String> api = gateway("GET", "/v1alpha/gateway/denied", appHeaders("Accept", "*/*",
                "X-Token-Authority-Denial", "insufficient_scope", "X-Token-Authority-Original-Uri", "/a"));
        assertThat(api.statusCode()).isEqualTo(403);
        assertThat(api.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"token-authority\", error=\"insufficient_scope\"");
        assertThat(RunningService.json(api).has("instance")).as("no problem repeats a URI, which may hold a secret").isFalse();

        HttpResponse<String> limited = gateway("GET", "/v1alpha/gateway/denied", appHeaders("X-Token-Authority-Denial",
                "rate_limited", "X-Token-Authority-Retry-After", "7"));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("7");
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private record LoginPage(String state, String nonce) {
    }

    private static LoginPage loginPage(String originalUri) {
        HttpResponse<String> page = gateway("GET", "/v1alpha/gateway/denied", appHeaders("Accept", "text/html",
                "X-Token-Authority-Original-Uri", originalUri));
        assertThat(page.statusCode()).isEqualTo(401);
        Matcher state = STATE.matcher(page.body());
        assertThat(state.find()).as(page.body()).isTrue();
        String nonce = page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("token_authority_login="))
                .findFirst().orElseThrow().replaceAll("^token_authority_login=([^;]*);.*$", "$1");
        return new LoginPage(state.group(1).replace("&#61;", "="), nonce);
    }

    /** Logs in through the form, as a browser would; returns the session cookie's value. */
    private static String login(String secret, String originalUri) {
        LoginPage page = loginPage(originalUri);
        HttpResponse<String> response = postLogin(page.state(), page.nonce(), secret, Map.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location")).hasValue(originalUri);
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("token_authority_session="))
                .findFirst().orElseThrow().replaceAll("^token_authority_session=([^;]*);.*$", "$1");
    }

    private static HttpResponse<String> postLogin(String state, String nonce, String secret, Map<String, String> extra) {
        Map<String, String> headers = new LinkedHashMap<>(withKey("Content-Type", "application/x-www-form-urlencoded",
                "X-Token-Authority-Client-Address", "10.9.2.1", "Host", "apps.example"));
        if (nonce != null) {
            headers.put("Cookie", "token_authority_login=" + nonce);
        }
        headers.putAll(extra);
        String form = "token=" + URLEncoder.encode(secret, StandardCharsets.UTF_8) + "&state="
                + URLEncoder.encode(state, StandardCharsets.UTF_8);
        return send("POST", "/v1alpha/gateway/login", headers, form);
    }

    private static String verifyPath() {
        return "/v1alpha/verify?projectId=p-1&regionId=eu01&instanceId=" + service.instanceId();
    }

    private static HttpResponse<String> verify(String clientAddress, String secret) {
        return gateway("GET", verifyPath(), withKey("X-Token-Authority-Client-Address", clientAddress,
                "Authorization", "Bearer " + secret));
    }

    private static HttpResponse<String> auth(String... headers) {
        List<String> all = new java.util.ArrayList<>(List.of(headers));
        return gateway("GET", "/v1alpha/gateway/auth", app("10.9.1.1", all.toArray(String[]::new)));
    }

    private static Map<String, String> app(String clientAddress, String... headers) {
        Map<String, String> all = new LinkedHashMap<>(appHeaders(headers));
        all.put("X-Token-Authority-Client-Address", clientAddress);
        return all;
    }

    private static Map<String, String> appHeaders(String... headers) {
        Map<String, String> all = new LinkedHashMap<>(withKey(headers));
        all.put("X-Token-Authority-Project-Id", "p-1");
        all.put("X-Token-Authority-Region-Id", "eu01");
        all.put("X-Token-Authority-Instance-Id", service.instanceId());
        return all;
    }

    /**
     * The gateway key and, unless the caller names one, a client address of its own for each request: the failed
     * verification limit (burst 5 here) counts per address, and one test's wrong tokens must not spend another's.
     */
    private static Map<String, String> withKey(String... headers) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("X-Token-Authority-Gateway-Key", GATEWAY_KEY);
        int n = distinctClients.incrementAndGet();
        all.put("X-Token-Authority-Client-Address", "10.77." + (n >> 8 & 0xff) + "." + (n & 0xff));
        for (int i = 0; i < headers.length; i += 2) {
            all.put(headers[i], headers[i + 1]);
        }
        return all;
    }

    private static HttpResponse<String> gateway(String method, String path, Map<String, String> headers) {
        return send(method, path, headers, null);
    }

    private static HttpResponse<String> send(String method, String path, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach((name, value) -> {
            if (!name.equals("Host")) {
                request.header(name, value);
            }
        });
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
