package dev.tokenauthority.app.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Resolves {@code token-authority.data-dir} to an absolute path before anything else reads it, creates it
 * owner-only, and points the embedded default's database at an H2 file inside it, unless a datasource URL
 * was configured explicitly.
 */
public class DataDirectoryEnvironment implements EnvironmentPostProcessor {

    static final String DATA_DIR = "token-authority.data-dir";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Path dir = Path.of(environment.getProperty(DATA_DIR, "data")).toAbsolutePath().normalize();
        createOwnerOnly(dir);
        Map<String, Object> resolved = new java.util.HashMap<>();
        resolved.put(DATA_DIR, dir.toString());
        if (!environment.containsProperty("spring.datasource.url")) {
            // WRITE_DELAY=0: H2 writes each commit to the file before the commit returns. With its default (500 ms)
            // a background thread writes commits up to half a second later, and a killed process lost writes it had
            // acknowledged, revocations included. The write reaches the operating system, not the disk: see
            // "Durability" in the README.
            // DB_CLOSE_ON_EXIT=FALSE: let Spring close the database after the processors stopped, not H2's hook.
            // QUERY_CACHE_SIZE: each pooled connection runs a few dozen distinct statements (commands, three
            // projections, token store, deadlines); H2's default cache of 8 parsed statements re-parsed them.
            resolved.put("spring.datasource.url", "jdbc:h2:file:" + dir.resolve("token-authority")
                    + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=64");
        }
        environment.getPropertySources().addFirst(new MapPropertySource("token-authority-data-dir", resolved));
    }

    static void createOwnerOnly(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                // Created owner-only, not chmod-ed afterwards: a crash in between would leave it open to others.
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dir, e);
        }
    }
}
