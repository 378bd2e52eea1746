package dev.tokenauthority.app;

import static dev.tokenauthority.app.RunningService.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import testpeers.idp.TestIdentityProvider;

/**
 * "Sign in with the identity provider" on the console, in a real Chromium against a real authorization server
 * ({@link TestIdentityProvider}): the user signs in on the provider's own login page, comes back signed in to the
 * console, may do what the roles claim of the provider's access token grants, and the audit trail names them.
 */
class ConsoleSingleSignOnIT {

    private static final Path TARGET = Path.of("target", "console-sso-it").toAbsolutePath();

    @TempDir
    static Path dataDir;
    static TestIdentityProvider.Running idp;
    static RunningService service;
    static WebDriver browser;
    static String base;

    @BeforeAll
    static void start() throws IOException {
        Files.createDirectories(TARGET);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        idp = TestIdentityProvider.start(base + "/console/login/oauth2/code/idp");
        service = RunningService.start(dataDir, "--server.port=" + port,
                "--token-authority.oidc.issuer-uri=" + idp.issuer(),
                "--token-authority.oidc.audience=" + TestIdentityProvider.AUDIENCE,
                "--token-authority.oidc.console.client-id=" + TestIdentityProvider.CONSOLE_CLIENT,
                "--token-authority.oidc.console.client-secret=" + TestIdentityProvider.CONSOLE_CLIENT,
                "--token-authority.oidc.console.name=Test IdP");
        browser = HeadlessChromium.start(TARGET);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        service.close();
        idp.close();
    }

    @Test
    void aUserSignsInAtTheProviderAndActsWithTheRolesOfItsToken() throws IOException {
        browser.get(base + "/console");
        assertThat(browser.findElement(By.id("sign-in-idp")).getText()).isEqualTo("Sign in with Test IdP");
        HeadlessChromium.clickToNavigate(browser, browser.findElement(By.id("sign-in-idp")));
        assertThat(browser.getCurrentUrl()).startsWith(idp.issuer());
        snap("01-provider-login");
        browser.findElement(By.id("username")).sendKeys(TestIdentityProvider.USER);
        browser.findElement(By.id("password")).sendKeys(TestIdentityProvider.USER + "-password");
        HeadlessChromium.clickToNavigate(browser, browser.findElement(By.cssSelector("button[type=submit]")));
        assertThat(browser.getCurrentUrl()).startsWith(base + "/console/projects/p-1/regions/eu01/instances");
        assertThat(browser.findElement(By.cssSelector(".who")).getText()).contains("oidc:" + TestIdentityProvider.USER);
        snap("02-signed-in");

        browser.get(base + "/console/projects/p-1/regions/eu01/instances/" + service.instanceId() + "/tokens");
        browser.findElement(By.id("name")).sendKeys("from-sso");
        HeadlessChromium.clickToNavigate(browser, browser.findElement(By.id("create-token")));
        String secret = browser.findElement(By.id("secret")).getAttribute("value");
        assertThat(service.verify(secret)).isEqualTo(204);
        snap("03-token-created");
        JsonNode created = json(service.admin("GET", "/v1alpha/projects/p-1/audit?eventType=TokenCreated", null));
        assertThat(created.get("entries").findValuesAsText("actor")).contains("oidc:" + TestIdentityProvider.USER);

        browser.get(base + "/console/projects/p-2/regions/eu01/instances");
        assertThat(browser.findElements(By.id("register-instance"))).as("an editor of p-1 only").isEmpty();
        assertThat(browser.getPageSource()).contains("do not allow");
    }

    private static void snap(String name) throws IOException {
        Files.write(TARGET.resolve(name + ".png"), ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
    }
}
