package dev.tokenauthority.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * axe-core, the accessibility engine, injected into the page under test. Taken from npm (the package's own
 * {@code axe.min.js}, version pinned) into {@code target/axe-core} once; nothing is downloaded at run time
 * by the browser.
 */
final class Axe {

    static final String VERSION = "4.10.2";
    private static final Path HOME = Path.of("target", "axe-core").toAbsolutePath();

    private final String source;

    private Axe(String source) {
        this.source = source;
    }

    static Axe fromNpm() throws IOException, InterruptedException {
        Path script = HOME.resolve("package").resolve("axe.min.js");
        if (!Files.exists(script)) {
            Files.createDirectories(HOME);
            run(HOME, "npm", "pack", "--silent", "axe-core@" + VERSION);
            run(HOME, "tar", "-xzf", "axe-core-" + VERSION + ".tgz");
        }
        return new Axe(Files.readString(script));
    }

    /** Violations of impact serious or critical on the current page, as "rule: target" lines. */
    List<String> seriousViolations(WebDriver browser) throws IOException {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript(source);
        Object result = js.executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']})"
                + ".then(function (r) { done(JSON.stringify(r.violations)); })"
                + ".catch(function (e) { done('ERROR ' + e); });");
        String text = String.valueOf(result);
        if (text.startsWith("ERROR")) {
            throw new IllegalStateException("axe-core failed: " + text);
        }
        List<String> serious = new ArrayList<>();
        for (JsonNode violation : new ObjectMapper().readTree(text)) {
            String impact = violation.path("impact").asText();
            if (impact.equals("serious") || impact.equals("critical")) {
                for (JsonNode node : violation.path("nodes")) {
                    serious.add(violation.path("id").asText() + " (" + impact + "): " + node.path("target") + " "
                            + node.path("failureSummary").asText().replace('\n', ' '));
                }
            }
        }
        return serious;
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("npm.log").toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed; see " + dir.resolve("npm.log"));
        }
    }
}
