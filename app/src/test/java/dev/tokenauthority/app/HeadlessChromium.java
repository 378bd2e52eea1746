package dev.tokenauthority.app;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's Chromium driven by Debian's chromedriver, headless, with a fresh profile; never a browser download. */
final class HeadlessChromium {

    private HeadlessChromium() {
    }

    /**
     * Clicks what leads to another page and waits until the browser has left this one: a click returns as soon as
     * it is dispatched, and looking for the next page's elements at once may find this page still there.
     */
    static void clickToNavigate(WebDriver browser, WebElement element) {
        WebElement page = browser.findElement(By.tagName("html"));
        element.click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(driver -> left(page)
                && "complete".equals(((JavascriptExecutor) driver).executeScript("return document.readyState")));
    }

    /** Whether {@code page} is gone: stale, or (as this chromedriver says it) no longer in the document. */
    private static boolean left(WebElement page) {
        try {
            page.isEnabled();
            return false;
        } catch (WebDriverException gone) { // StaleElementReferenceException, or "does not belong to the document"
            return true;
        }
    }

    /** A browser whose profile and driver log go under {@code workDir}. */
    static WebDriver start(Path workDir) throws IOException {
        Files.createDirectories(workDir);
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        // This machine's network is closed: nothing may phone home.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1024,768",
                "--user-data-dir=" + Files.createTempDirectory(workDir, "chromium-profile"));
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort()
                .withLogFile(workDir.resolve("chromedriver.log").toFile()).build();
        return new ChromeDriver(driver, options);
    }
}
