package dev.tokenauthority.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenauthority.app.process.DemoStack;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The whole gateway story on the real thing, for each gateway the service has a contract with
 * ({@link NginxGatewayIT}, {@link CaddyGatewayIT}): {@code gateway/demo.sh} starts the packaged service, the
 * gateway (Debian's package) and the demo app; every Bearer case goes through the gateway over HTTP; a headless
 * Debian Chromium, driven by Debian's chromedriver, walks the login page. Screenshots of each browser step go to
 * {@code app/target/gateway-screenshots/<gateway>/}. Runs after {@code package} (failsafe), since it needs the jar.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GatewayContract {

    /** The gateway's program, as demo.sh names it: {@code nginx} or {@code caddy}. */
    abstract String gatewayProgram();

    /** demo.sh's arguments for this gateway. */
    abstract List<String> demoArguments();

    private static final String ADMIN_KEY = "gateway-it-admin-key-0123456789-0123456789";
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private DemoStack demo;
    private String gateway;
    private int gatewayPort;
    private String tokens;

    @BeforeAll
    void startTheDemoStack() throws Exception {
        for (String program : new String[] {"/usr/bin/chromium", "/usr/bin/chromedriver"}) {
            assertThat(Path.of(program)).as(program + " (Debian's package; .ci/run installs it)").exists();
        }
        demo = DemoStack.start(Map.of("TOKEN_AUTHORITY_ADMIN_KEY", ADMIN_KEY), demoArguments(), logs());
        gateway = demo.gateway();
        gatewayPort = demo.gatewayPort();
        tokens = "/v1alpha/projects/demo/regions/local/instances/" + demo.instance() + "/tokens";
    }

    @AfterAll
    void sigtermStopsEverything() throws Exception {
        if (demo == null) {
            return;
        }
        assertThat(demo.stop()).as("demo.sh stops on SIGTERM").isTrue();
        assertThat(answers(demo.service())).as("the service is stopped").isFalse();
        assertThat(answers(gateway)).as(gatewayProgram() + " is stopped").isFalse();
    }

    // --- Bearer flow through the gateway ----------------------------------------------------------------------------

    @Test
    @Order(1)
    void aValidTokenReachesTheAppWhichSeesItsIdAndRoleButNeverTheToken() {
        JsonNode token = create(tokens, "{\"name\":\"bearer\"}");
        HttpResponse<String> response = get("", Map.of("Authorization", "Bearer " + token.get("content").asText(),
                "Cookie", "theme=dark; token_authority_session=not-for-the-app; lang=en"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("Hello, World!\n");
        assertThat(response.headers().firstValue("X-Demo-Token-Id")).hasValue(token.get("id").asText());
        assertThat(response.headers().firstValue("X-Demo-Role")).hasValue("operator");
        assertThat(response.headers().firstValue("X-Demo-Saw-Authorization")).hasValue("no");
        assertThat(response.headers().firstValue("X-Demo-Saw-Session-Cookie")).hasValue("no");
        assertThat(response.headers().firstValue("X-Demo-Cookie")).hasValue("theme=dark; lang=en");
    }

    @Test
    @Order(1)
    void nothingTheCallerSendsAsOurHeadersOrCookiesReachesTheApp() {
        String secret = create(tokens, "{\"name\":\"spoofer\"}").get("content").asText();
        HttpResponse<String> spoofed = get("", Map.of("Authorization", "Bearer " + secret,
                "X-Token-Authority-Role", "operator-of-everything", "X-Token-Authority-Instance-Id", "other",
                "X-Token-Authority-Client-Address", "10.0.0.1", "X-Token-Authority-Denial", "missing",
                "Cookie", "Token_Authority_Session=mixed-case; theme=dark"));
        assertThat(spoofed.statusCode()).isEqualTo(200);
        assertThat(spoofed.headers().firstValue("X-Demo-Role")).hasValue("operator");
        assertThat(spoofed.headers().firstValue("X-Demo-Saw-Other-Token-Authority-Headers")).hasValue("no");
        assertThat(spoofed.headers().firstValue("X-Demo-Saw-Session-Cookie")).hasValue("no");

        HttpResponse<String> twoSessions = get("", Map.of("Authorization", "Bearer " + secret,
                "Cookie", "token_authority_session=planted; token_authority_session=real"));
        assertThat(twoSessions.statusCode()).as("two session cookies").isEqualTo(400);
    }

    @Test
    @Order(2)
    void noGarbageExpiredOrRevokedTokenGets401WithTheRfc6750Challenge() throws Exception {
        HttpResponse<String> none = get("", Map.of());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"token-authority\"");
        assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        assertInvalid(get("", bearer("garbage")), "garbage");
        assertInvalid(get("", bearer("tka_" + "A".repeat(49))), "well-formed but unknown");

        String expiring = create(tokens, "{\"name\":\"short\",\"ttlDuration\":\"1s\"}").get("content").asText();
        Thread.sleep(1500);
        assertInvalid(get("", bearer(expiring)), "expired");

        JsonNode revoked = create(tokens, "{\"name\":\"revoked\"}");
        assertThat(admin("DELETE", tokens + "/" + revoked.get("id").asText(), null).statusCode()).isEqualTo(204);
        assertInvalid(get("", bearer(revoked.get("content").asText())), "revoked");
    }

    @Test
    @Order(3)
    void theOldSecretStopsWorkingThroughTheGatewayRightAfterTheRegenerateCallReturns() {
        JsonNode token = create(tokens, "{\"name\":\"rotated\"}");
        String secret = token.get("content").asText();
        for (int round = 0; round < 5; round++) {
            assertThat(get("", bearer(secret)).statusCode()).isEqualTo(200);
            HttpResponse<String> regenerated = admin("POST", tokens + "/" + token.get("id").asText() + "/regenerate", null);
            assertThat(regenerated.statusCode()).isEqualTo(200);
            String next = json(regenerated).get("token").get("content").asText();
            assertInvalid(get("", bearer(secret)), "superseded, round " + round);
            assertThat(get("", bearer(next)).statusCode()).isEqualTo(200);
            secret = next;
        }
    }

    @Test
    @Order(4)
    void aTokenForAnotherAppOrRegionGets403() {
        String other = json(admin("POST", "/v1alpha/projects/demo/regions/local/instances",
                "{\"type\":\"app\",\"name\":\"other\"}")).get("id").asText();
        String otherApp = create("/v1alpha/projects/demo/regions/local/instances/" + other + "/tokens", "{\"name\":\"o\"}")
                .get("content").asText();
        assertInsufficient(get("", bearer(otherApp)), "another app");

        String otherRegion = create("/v1alpha/projects/demo/regions/elsewhere/tokens",
                "{\"name\":\"apps-elsewhere\",\"selector\":{\"app\":\"hello\"},\"role\":\"read-only\"}").get("content").asText();
        assertInsufficient(get("", bearer(otherRegion)), "the same labels in another region");

        HttpResponse<String> sameRegion = get("", bearer(create("/v1alpha/projects/demo/regions/local/tokens",
                "{\"name\":\"apps-here\",\"selector\":{\"app\":\"hello\"},\"role\":\"read-only\"}").get("content").asText()));
        assertThat(sameRegion.statusCode()).as("a selector token of this region").isEqualTo(200);
        assertThat(sameRegion.headers().firstValue("X-Demo-Role")).hasValue("read-only");
    }

    @Test
    @Order(4)
    void aTokenFencedToNetworksOpensOnlyFromThemAsTheGatewaySeesTheClient() throws IOException {
        String fenced = create(tokens, "{\"name\":\"fenced\",\"allowedNetworks\":[\"127.0.0.3\",\"10.0.0.0/8\"]}")
                .get("content").asText();
        assertThat(rawGet("127.0.0.3", fenced)).as("from inside its networks").startsWith("HTTP/1.1 200");
        assertThat(rawGet("127.0.0.4", fenced)).as("from outside").startsWith("HTTP/1.1 403");
        assertInsufficient(get("", bearer(fenced)), "from 127.0.0.1, outside");
    }

    @Test
    @Order(5)
    void aBurstOfWrongTokensFromOneAddressGets429AndNobodyElseIsSlowed() throws IOException {
        String valid = create(tokens, "{\"name\":\"neighbour\"}").get("content").asText();
        int firstLimited = -1;
        for (int i = 0; i < 40 && firstLimited < 0; i++) {
            String status = rawGet("127.0.0.2", "tka_guess" + i);
            if (status.startsWith("HTTP/1.1 429")) {
                firstLimited = i;
            } else {
                assertThat(status).startsWith("HTTP/1.1 401");
            }
        }
        // Burst 20, refilled at one every 2 s: the 21st guess is refused, or a little later on a slow machine.
        assertThat(firstLimited).as("the guess that was refused first").isBetween(20, 23);
        assertThat(rawGet("127.0.0.2", valid)).as("the limited address, even with a valid token").startsWith("HTTP/1.1 429");
        assertThat(rawResponse("127.0.0.2", "tka_guess")).containsIgnoringCase("Retry-After:");
        assertThat(rawGet("127.0.0.3", valid)).as("another address").startsWith("HTTP/1.1 200");
        assertThat(get("", bearer(valid)).statusCode()).as("another address").isEqualTo(200);
    }

    // --- Browser flow -----------------------------------------------------------------------------------------

    @Test
    @Order(6)
    void aBrowserLogsInWithATokenAndIsSentBackToTheLoginPageOnceTheTokenIsRegenerated() throws IOException {
        Files.createDirectories(screenshots());
        JsonNode token = create(tokens, "{\"name\":\"browser\"}");
        String tokenId = token.get("id").asText();
        WebDriver browser = chromium();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            browser.get(gateway + "reports?year=2026");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
            assertThat(browser.getTitle()).startsWith("Log in");
            screenshot(browser, "1-login-page");

            browser.findElement(By.id("token")).sendKeys("tka_" + "w".repeat(49));
            HeadlessChromium.clickToNavigate(browser, browser.findElement(By.id("login")));
            assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error"))).getText())
                    .isEqualTo("That token is not valid.");
            screenshot(browser, "2-wrong-token");

            browser.findElement(By.id("token")).sendKeys(token.get("content").asText());
            HeadlessChromium.clickToNavigate(browser, browser.findElement(By.id("login")));
            assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("greeting"))).getText())
                    .isEqualTo("Hello, World!");
            assertThat(browser.getCurrentUrl()).isEqualTo(gateway + "reports?year=2026");
            assertThat(browser.findElement(By.id("token-id")).getText()).isEqualTo(tokenId);
            Cookie session = browser.manage().getCookieNamed("token_authority_session");
            assertThat(session.isHttpOnly()).isTrue();
            assertThat(session.getSameSite()).isEqualTo("Lax");
            screenshot(browser, "3-hello-world");

            HttpResponse<String> regenerated = admin("POST", tokens + "/" + tokenId + "/regenerate", null);
            assertThat(regenerated.statusCode()).isEqualTo(200);
            browser.navigate().refresh();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
            assertThat(browser.findElement(By.id("error")).getText()).startsWith("Your session has ended");
            screenshot(browser, "4-after-regenerate");

            browser.findElement(By.id("token")).sendKeys(json(regenerated).get("token").get("content").asText());
            HeadlessChromium.clickToNavigate(browser, browser.findElement(By.id("login")));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("greeting")));
            HeadlessChromium.clickToNavigate(browser, browser.findElement(By.id("logout")));
            assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("notice"))).getText())
                    .startsWith("You are logged out.");
            screenshot(browser, "5-logged-out");

            HeadlessChromium.clickToNavigate(browser, browser.findElement(By.id("home")));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
            screenshot(browser, "6-login-page-again");
        } finally {
            browser.quit();
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private Path logs() {
        return TARGET.resolve("gateway-it-logs").resolve(gatewayProgram());
    }

    private Path screenshots() {
        return TARGET.resolve("gateway-screenshots").resolve(gatewayProgram());
    }

    private WebDriver chromium() throws IOException {
        return HeadlessChromium.start(logs());
    }

    private void screenshot(WebDriver browser, String name) throws IOException {
        byte[] png = ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(screenshots().resolve(name + ".png"), png);
    }

    private void assertInvalid(HttpResponse<String> response, String what) {
        assertThat(response.statusCode()).as(what).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).as(what)
                .hasValue("Bearer realm=\"token-authority\", error=\"invalid_token\"");
    }

    private void assertInsufficient(HttpResponse<String> response, String what) {
        assertThat(response.statusCode()).as(what).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate")).as(what)
                .hasValue("Bearer realm=\"token-authority\", error=\"insufficient_scope\"");
    }

    private Map<String, String> bearer(String secret) {
        return Map.of("Authorization", "Bearer " + secret);
    }

    private JsonNode create(String collection, String body) {
        HttpResponse<String> response = admin("POST", collection, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode answer = json(response);
        return answer.has("token") ? answer.get("token") : answer;
    }

    private HttpResponse<String> admin(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(demo.service() + path))
                .header("Authorization", "Bearer " + ADMIN_KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request);
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path)).GET();
        headers.forEach(request::header);
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The status line of a GET through the gateway from another loopback address (java.net.http cannot choose one). */
    private String rawGet(String fromAddress, String secret) throws IOException {
        String response = rawResponse(fromAddress, secret);
        return response.substring(0, response.indexOf("\r\n"));
    }

    private String rawResponse(String fromAddress, String secret) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(fromAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", gatewayPort), 5000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + secret
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private boolean answers(String url) {
        try {
            http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
