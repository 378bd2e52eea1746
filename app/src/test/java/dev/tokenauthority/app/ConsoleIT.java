package dev.tokenauthority.app;

import static dev.tokenauthority.app.RunningService.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The console in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}), every flow of
 * the two seeds end to end, each step checked through the REST API, each page checked by axe-core (no violation of
 * impact serious or critical), a screenshot of each step under {@code target/console-it/}. Then what a hostile
 * page or user could try: forms posted without the CSRF token or from another origin, a viewer forging writes,
 * and a search for every secret in every page but its one-time view, in every URL the browser visited, and in
 * the log.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

    private static final Path TARGET = Path.of("target", "console-it").toAbsolutePath();
    private static final String PROJECT = "/console/projects/p-1/regions/eu01";

    @TempDir
    static Path dataDir;
    static RunningService service;
    static WebDriver browser;
    static Axe axe;
    static String base;
    static final List<String> secrets = new ArrayList<>();
    static final List<String> pagesWithoutSecrets = new ArrayList<>();
    static final List<String> visitedUrls = new ArrayList<>();
    static final Map<String, List<String>> accessibility = new LinkedHashMap<>();
    static int step;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(TARGET);
        service = RunningService.start(dataDir, "--token-authority.signals.flush-interval=500ms");
        base = service.send("GET", "/", null, null, null).uri().resolve("/").toString().replaceAll("/$", "");
        axe = Axe.fromNpm();
        browser = HeadlessChromium.start(TARGET);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        service.close();
    }

    @Test
    @Order(1)
    void signInRefusesAWrongKeyAndKeepsTheKeyOnTheServer() throws IOException {
        open("/console");
        assertThat(browser.getCurrentUrl()).endsWith("/console/sign-in");
        snap("sign-in");
        type("key", "tksa_not-a-key");
        click("sign-in");
        assertThat(text("sign-in-error")).contains("not valid");
        type("key", RunningService.ADMIN_KEY);
        click("sign-in");
        assertThat(browser.getCurrentUrl()).endsWith("/console/projects");
        Cookie session = browser.manage().getCookieNamed("TA_CONSOLE");
        assertThat(session).isNotNull();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Lax");
        assertThat(session.getValue()).doesNotContain(RunningService.ADMIN_KEY);
        Object stored = ((ChromeDriver) browser).executeScript(
                "return JSON.stringify(window.localStorage) + JSON.stringify(window.sessionStorage) + document.cookie");
        assertThat(String.valueOf(stored)).doesNotContain(RunningService.ADMIN_KEY).doesNotContain("TA_CONSOLE");
        snap("projects");
    }

    @Test
    @Order(2)
    void instancesWithLabelsStartStop() throws IOException {
        type("project", "p-1");
        type("region", "eu01");
        click("open-project");
        assertThat(browser.getCurrentUrl()).endsWith(PROJECT + "/instances");
        snap("instances");
        type("name", "scoring");
        type("labels", "group=A\nteam=ml");
        click("register-instance");
        String instanceId = browser.getCurrentUrl().replaceAll(".*/instances/", "");
        assertThat(text("main")).contains("scoring");
        assertThat(text("main")).contains("token-authority/id=" + instanceId).contains("token-authority/type=app");
        snap("instance");
        WebElement labels = browser.findElement(By.id("labels"));
        labels.clear();
        labels.sendKeys("group=A\nteam=vision");
        click("save-labels");
        assertThat(text("main")).contains("Labels saved.");
        JsonNode instance = json(service.admin("GET", RunningService.INSTANCES + "/" + instanceId, null));
        assertThat(instance.get("labels").get("team").asText()).isEqualTo("vision");
        assertThat(instance.get("labels").get("token-authority/id").asText()).isEqualTo(instanceId);
        click("stop");
        assertThat(text("state")).isEqualTo("stopped");
        click("start");
        assertThat(text("state")).isEqualTo("running");
        snap("instance-started");
    }

    @Test
    @Order(3)
    void instanceTokensCreateShowOnceEditRegenerateDelete() throws IOException, InterruptedException {
        open(PROJECT + "/instances/" + service.instanceId() + "/tokens");
        assertThat(browser.findElements(By.id("no-tokens"))).hasSize(1);
        snap("tokens-empty");
        type("name", "a/b");
        click("create-token");
        assertThat(text("name-error")).contains("name must be");
        assertThat(browser.findElement(By.id("name")).getAttribute("aria-invalid")).isEqualTo("true");
        snap("tokens-create-error");
        type("name", "ci-token");
        type("description", "for CI");
        type("ttlDuration", "30d");
        click("create-token");
        String secret = browser.findElement(By.id("secret")).getAttribute("value");
        secrets.add(secret);
        assertThat(secret).startsWith("tka_");
        assertThat(text("shown-once")).contains("only time");
        snapSecret("token-created");
        HttpResponse<String> secretPage = get(browser.getCurrentUrl());
        assertThat(secretPage.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        assertThat(service.verify(secret)).isEqualTo(204);
        browser.navigate().refresh();
        assertThat(browser.findElements(By.id("gone"))).hasSize(1);
        assertThat(browser.getPageSource()).doesNotContain(secret);
        page("secret-after-reload");

        click("back-to-tokens");
        HeadlessChromium.clickToNavigate(browser, browser.findElement(By.linkText("ci-token")));
        assertThat(text("details-pane")).contains("TokenCreated").contains("admin:admin");
        page("token-details");
        WebElement description = browser.findElement(By.id("edit-description"));
        description.clear();
        description.sendKeys("for the CI pipeline");
        click("save");
        assertThat(text("main")).contains("Saved.");
        String tokenId = browser.getCurrentUrl().replaceAll(".*token=", "");
        assertThat(json(service.admin("GET", service.tokens() + "/" + tokenId, null)).get("description").asText())
                .isEqualTo("for the CI pipeline");
        // allowed networks: a typo is shown at its field and changes nothing; a list fences the token; empty lifts it
        assertThat(text("allowed-networks")).contains("any address");
        WebElement networks = browser.findElement(By.id("edit-allowedNetworks"));
        networks.sendKeys("10.1.2.3/8");
        click("save");
        assertThat(text("edit-allowedNetworks-error")).contains("did you mean 10.0.0.0/8?");
        page("token-networks-error");
        networks = browser.findElement(By.id("edit-allowedNetworks"));
        networks.clear();
        networks.sendKeys("10.0.0.0/8\n2001:DB8::/32");
        click("save");
        assertThat(text("allowed-networks")).contains("10.0.0.0/8").contains("2001:db8::/32");
        assertThat(service.verify(secret)).as("from 127.0.0.1, outside its networks").isEqualTo(403);
        browser.findElement(By.id("edit-allowedNetworks")).clear();
        click("save");
        assertThat(text("allowed-networks")).contains("any address");
        assertThat(service.verify(secret)).isEqualTo(204);

        click("regenerate");
        page("regenerate-confirm");
        click("confirm-regenerate");
        String newSecret = browser.findElement(By.id("secret")).getAttribute("value");
        secrets.add(newSecret);
        snapSecret("token-regenerated");
        assertThat(newSecret).isNotEqualTo(secret);
        assertThat(service.verify(secret)).as("the old secret").isEqualTo(401);
        assertThat(service.verify(newSecret)).isEqualTo(204);

        // both signals on the token (the use from outside its networks, the old secret): shown in its details
        String tokenPath = service.tokens() + "/" + tokenId;
        awaitField(tokenPath, "disallowedAddressUse");
        awaitField(tokenPath, "supersededSecretUse");
        open(PROJECT + "/instances/" + service.instanceId() + "/tokens?token=" + tokenId);
        assertThat(text("disallowed-address-use")).contains("127.0.0.1").contains("(verify)");
        assertThat(text("superseded-use")).contains("127.0.0.1").contains("(verify)");
        page("token-signals");
        click("delete");
        type("confirmName", "not-its-name");
        click("confirm-delete");
        assertThat(text("confirmName-error")).contains("exactly");
        assertThat(service.admin("GET", service.tokens() + "/" + tokenId, null).statusCode()).isEqualTo(200);
        page("delete-wrong-name");
        type("confirmName", "ci-token");
        click("confirm-delete");
        assertThat(text("main")).contains("Token ci-token deleted.");
        assertThat(service.admin("GET", service.tokens() + "/" + tokenId, null).statusCode()).isEqualTo(404);
        assertThat(service.verify(newSecret)).isEqualTo(401);
        page("token-deleted");
    }

    @Test
    @Order(4)
    void selectorTokenWithPreviewRoleAndRegion() throws IOException {
        String labelled = service.registerInstance("eu01", "{\"group\":\"B\"}");
        open(PROJECT + "/tokens");
        page("selector-tokens");
        type("preview-selector", "group=B");
        click("preview");
        assertThat(text("preview-result")).contains(labelled);
        page("selector-preview");
        type("name", "group-b-reader");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("role"))).selectByValue("read-only");
        click("create-token");
        String secret = browser.findElement(By.id("secret")).getAttribute("value");
        secrets.add(secret);
        snapSecret("selector-token-created");
        assertThat(service.verify(secret, labelled)).isEqualTo(204);
        assertThat(service.verify(secret, "eu01", labelled, "manage")).as("read-only").isEqualTo(403);
        click("back-to-tokens");
        assertThat(text("tokens")).contains("group-b-reader").contains("group=B").contains("read-only");

        // the instance's access review: the selector token covers it, to query only
        open(PROJECT + "/instances/" + labelled);
        click("access-tab");
        assertThat(text("review-summary")).contains("registered");
        assertThat(text("grants")).contains("group-b-reader").contains("group=B").contains("read-only").contains("query");
        page("instance-access");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("action"))).selectByValue("manage");
        click("review");
        assertThat(text("no-grants")).contains("No token");
        type("at", "not a time");
        click("review");
        assertThat(text("main")).contains("at must be an RFC 3339 date-time");
        browser.manage().window().setSize(new Dimension(360, 800));
        page("selector-tokens-360px");
        Object overflow = ((ChromeDriver) browser).executeScript(
                "return document.documentElement.scrollWidth > document.documentElement.clientWidth");
        assertThat(overflow).as("no sideways scrolling of the page at 360 px").isEqualTo(false);
        browser.manage().window().setSize(new Dimension(1024, 768));
    }

    @Test
    @Order(5)
    void deleteAnInstanceByTypingItsId() throws IOException {
        String doomed = service.registerInstance("eu01", "{}");
        open(PROJECT + "/instances/" + doomed);
        click("delete-instance");
        type("confirmName", doomed);
        click("confirm-delete");
        assertThat(text("main")).contains("deleted");
        assertThat(service.admin("GET", RunningService.INSTANCES + "/" + doomed, null).statusCode()).isEqualTo(404);
        page("instance-deleted");
    }

    @Test
    @Order(6)
    void formsWithoutTheCsrfTokenOrFromAnotherOriginChangeNothing() {
        String session = browser.manage().getCookieNamed("TA_CONSOLE").getValue();
        long events = service.eventCount();
        HttpResponse<String> noToken = post(PROJECT + "/instances/" + service.instanceId() + "/tokens", session,
                "name=forged", null);
        assertThat(noToken.statusCode()).isEqualTo(403);
        String csrf = csrfOf(get(base + PROJECT + "/instances/" + service.instanceId() + "/tokens", session).body());
        HttpResponse<String> wrongToken = post(PROJECT + "/instances/" + service.instanceId() + "/tokens", session,
                "name=forged&_csrf=" + csrf.substring(1) + "x", "https://evil.example");
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(service.eventCount()).isEqualTo(events);
        HttpResponse<String> withToken = post(PROJECT + "/instances/" + service.instanceId() + "/tokens", session,
                "name=allowed&_csrf=" + csrf, null);
        assertThat(withToken.statusCode()).as("the same form with its token works").isEqualTo(302);
    }

    @Test
    @Order(9)
    void aViewerSeesNoWriteControlsAndForgedWritesAreRefused() throws IOException {
        click("sign-out");
        assertThat(browser.getCurrentUrl()).contains("/console/sign-in");
        open("/console/projects");
        assertThat(browser.getCurrentUrl()).as("signed out").contains("/console/sign-in");
        String viewerKey = json(service.admin("POST", "/v1alpha/projects/p-1/service-accounts",
                "{\"name\":\"reader\",\"role\":\"viewer\"}")).get("serviceAccount").get("content").asText();
        secrets.add(viewerKey);
        type("key", viewerKey);
        click("sign-in");
        assertThat(browser.getCurrentUrl()).endsWith(PROJECT + "/instances");
        assertThat(browser.findElements(By.id("register-instance"))).isEmpty();
        JsonNode token = service.create("{\"name\":\"watched\"}");
        secrets.add(token.get("content").asText());
        String tokenId = token.get("id").asText();
        open(PROJECT + "/instances/" + service.instanceId() + "/tokens");
        assertThat(browser.findElements(By.id("create-token"))).isEmpty();
        assertThat(text("tokens")).contains("watched");
        open(PROJECT + "/instances/" + service.instanceId() + "/tokens?token=" + tokenId);
        assertThat(browser.findElements(By.id("regenerate"))).isEmpty();
        assertThat(browser.findElements(By.id("delete"))).isEmpty();
        assertThat(browser.findElements(By.id("save"))).isEmpty();
        page("viewer-token-details");
        open(PROJECT + "/policy");
        assertThat(text("policy-current")).isEqualTo("record the signal, keep the token");
        assertThat(browser.findElements(By.id("policy-form"))).as("only an owner sets the policy").isEmpty();
        String session = browser.manage().getCookieNamed("TA_CONSOLE").getValue();
        String csrf = csrfOf(get(base + "/console/projects", session).body());
        long events = service.eventCount();
        HttpResponse<String> forgedCreate = post(PROJECT + "/instances/" + service.instanceId() + "/tokens", session,
                "name=forged&_csrf=" + csrf, null);
        HttpResponse<String> forgedRegenerate = post(PROJECT + "/instances/" + service.instanceId() + "/tokens/" + tokenId
                + "/regenerate", session, "_csrf=" + csrf, null);
        assertThat(forgedCreate.statusCode()).isEqualTo(403);
        assertThat(forgedRegenerate.statusCode()).isEqualTo(302); // back to the details, with the API's refusal shown
        assertThat(service.eventCount()).as("nothing changed").isEqualTo(events);
        assertThat(json(service.admin("GET", service.tokens() + "/" + tokenId, null)).get("lastRegeneratedAt").isNull()).isTrue();
    }

    @Test
    @Order(7)
    void bulkRevokeShowsTheListThenRevokesExactlyThat() throws IOException {
        JsonNode first = service.create("{\"name\":\"bulk-one\",\"labels\":{\"batch\":\"b7\"}}");
        JsonNode second = service.create("{\"name\":\"bulk-two\",\"labels\":{\"batch\":\"b7\"}}");
        secrets.add(first.get("content").asText());
        secrets.add(second.get("content").asText());
        open(PROJECT + "/tokens");
        click("bulk-revoke-link");
        type("selector", "batch=b7");
        click("preview-revoke");
        assertThat(text("matching-count")).isEqualTo("2");
        assertThat(text("matching-tokens")).contains("bulk-one", "bulk-two");
        page("bulk-revoke-preview");
        long before = service.eventCount();
        click("confirm-revoke");
        assertThat(text("main")).contains("Revoked 2 token(s).");
        assertThat(service.eventCount()).isEqualTo(before + 2);
        assertThat(service.verify(first.get("content").asText())).isEqualTo(401);
        assertThat(service.verify(second.get("content").asText())).isEqualTo(401);
    }

    @Test
    @Order(8)
    void theProjectPolicyIsShownAndAnOwnerSetsIt() throws IOException {
        open(PROJECT + "/tokens");
        click("policy-link");
        assertThat(text("policy-current")).isEqualTo("record the signal, keep the token");
        page("policy");
        long before = service.eventCount();
        browser.findElement(By.id("on-superseded-revoke")).click(); // a choice, not a navigation
        click("save-policy");
        assertThat(text("main")).contains("Policy saved: a superseded secret now revokes its token.");
        assertThat(text("policy-current")).isEqualTo("record the signal and revoke the token");
        assertThat(service.eventCount()).isEqualTo(before + 1);
        assertThat(json(service.admin("GET", "/v1alpha/projects/" + RunningService.PROJECT + "/policy", null))
                .get("onSupersededUse").asText()).isEqualTo("revoke");
        assertThat(service.admin("PUT", "/v1alpha/projects/" + RunningService.PROJECT + "/policy",
                "{\"onSupersededUse\":\"record\"}").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(8)
    void anOwnerRegistersAWebhookSeesItsSecretOnceAndRemovesIt() throws IOException {
        open(PROJECT + "/tokens");
        click("webhooks-link");
        assertThat(text("no-webhooks")).isEqualTo("No webhooks yet.");
        page("webhooks");
        long before = service.eventCount();
        type("webhook-url", "https://127.0.0.1:9/console");
        type("webhook-description", "from the console");
        click("register-webhook");
        String secret = text("webhook-secret-value");
        secrets.add(secret);
        assertThat(secret).startsWith("whsec_");
        snapSecret("webhook-registered");
        assertThat(service.eventCount()).isEqualTo(before + 1);
        assertThat(text("main")).contains("https://127.0.0.1:9/console", "from the console", "Nothing delivered yet.");
        browser.navigate().refresh();
        assertThat(text("webhook-secret-gone")).contains("shown once already");
        assertThat(browser.getPageSource()).doesNotContain(secret.substring(6));
        page("webhooks-after-secret");

        type("webhook-url", "ftp://127.0.0.1/x");
        click("register-webhook");
        assertThat(text("webhook-url-error")).contains("url must be an absolute http or https URL");
        page("webhook-refused");
        assertThat(service.eventCount()).isEqualTo(before + 1);

        HeadlessChromium.clickToNavigate(browser, browser.findElement(By.cssSelector("section.webhook form button")));
        assertThat(text("main")).contains("Webhook removed");
        assertThat(text("no-webhooks")).isEqualTo("No webhooks yet.");
        assertThat(service.eventCount()).isEqualTo(before + 2);
    }

    @Test
    @Order(10)
    void noSecretAnywhereButItsOneTimeViewAndEveryPageAccessible(CapturedOutput output) {
        assertThat(accessibility).as("axe-core: serious or critical violations by page").allSatisfy((page, violations) ->
                assertThat(violations).as(page).isEmpty());
        assertThat(accessibility).hasSizeGreaterThanOrEqualTo(15);
        for (String secret : secrets) {
            String body = secret.substring(secret.indexOf('_') + 1);
            assertThat(pagesWithoutSecrets).noneMatch(page -> page.contains(body));
            assertThat(visitedUrls).noneMatch(url -> url.contains(body));
            assertThat(output.getAll()).doesNotContain(body);
        }
        assertThat(output.getAll()).doesNotContain(RunningService.ADMIN_KEY);
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    /** Waits (10 s at most) until the token's {@code field} is there: signals are flushed every few seconds. */
    private static void awaitField(String tokenPath, String field) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!json(service.admin("GET", tokenPath, null)).hasNonNull(field) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(json(service.admin("GET", tokenPath, null)).hasNonNull(field)).as(field).isTrue();
    }

    private static void open(String path) {
        browser.get(base + path);
        visitedUrls.add(browser.getCurrentUrl());
    }

    private static void type(String id, String value) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }

    private static void click(String id) {
        HeadlessChromium.clickToNavigate(browser, browser.findElement(By.id(id)));
        visitedUrls.add(browser.getCurrentUrl());
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    /** A page that must not carry a secret: kept for the final search, checked by axe, and a screenshot. */
    private static void page(String name) throws IOException {
        pagesWithoutSecrets.add(browser.getPageSource());
        snap(name);
    }

    /** The one-time view: checked by axe and photographed, but its source is the one page allowed the secret. */
    private static void snapSecret(String name) throws IOException {
        snap(name);
    }

    private static void snap(String name) throws IOException {
        step++;
        Files.write(TARGET.resolve(String.format("%02d-%s.png", step, name)),
                ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
        accessibility.put(name, axe.seriousViolations(browser));
        visitedUrls.add(browser.getCurrentUrl());
    }

    private static String csrfOf(String page) {
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(m.find()).as("a CSRF token in the page").isTrue();
        return m.group(1);
    }

    private static HttpResponse<String> get(String url) {
        return get(url, browser.manage().getCookieNamed("TA_CONSOLE").getValue());
    }

    private static HttpResponse<String> get(String url, String session) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", "TA_CONSOLE=" + session).GET());
    }

    private static HttpResponse<String> post(String path, String session, String form, String origin) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Cookie", "TA_CONSOLE=" + session)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return send(request);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
