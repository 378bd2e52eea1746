package dev.tokenauthority.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenauthority.cli.ExitCodes;
import dev.tokenauthority.cli.http.ApiClient;
import dev.tokenauthority.cli.http.ApiFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * What {@code ta login} saves: the service's URL, the credential, and the default project and region. The file
 * holds a credential, so it is written owner-only (0600, in a 0700 directory) and refused when others can read it,
 * as ssh does with its keys.
 */
public record CliConfig(String url, String credential, String project, String region) {

    static final CliConfig EMPTY = new CliConfig(null, null, null, null);

    /** {@code TA_CONFIG}, else {@code $XDG_CONFIG_HOME/ta/config.json}, else {@code ~/.config/ta/config.json}. */
    public static Path defaultPath(Map<String, String> environment) {
        if (environment.get("TA_CONFIG") != null) {
            return Path.of(environment.get("TA_CONFIG"));
        }
        String xdg = environment.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("ta").resolve("config.json");
    }

    public static CliConfig load(Path path) {
        if (!Files.exists(path)) {
            return EMPTY;
        }
        try {
            if (posix() && !Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)
                    .containsAll(Files.getPosixFilePermissions(path))) {
                throw new ApiFailure(ExitCodes.CONFIGURATION, path + " holds a credential and others may read it: "
                        + "chmod 600 " + path);
            }
            JsonNode saved = ApiClient.JSON.readTree(Files.readString(path, StandardCharsets.UTF_8));
            return new CliConfig(text(saved, "url"), text(saved, "credential"), text(saved, "project"),
                    text(saved, "region"));
        } catch (IOException e) {
            throw new ApiFailure(ExitCodes.CONFIGURATION, "cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    public void save(Path path) {
        ObjectNode saved = ApiClient.JSON.createObjectNode();
        put(saved, "url", url);
        put(saved, "credential", credential);
        put(saved, "project", project);
        put(saved, "region", region);
        try {
            Path directory = path.toAbsolutePath().getParent();
            if (posix()) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(directory);
            }
            Path temporary = directory.resolve("." + path.getFileName() + ".tmp");
            Files.deleteIfExists(temporary);
            if (posix()) {
                Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(temporary);
            }
            Files.writeString(temporary, ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(saved) + "\n");
            try {
                Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new ApiFailure(ExitCodes.CONFIGURATION, "cannot write " + path + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static String text(JsonNode node, String field) {
        return node != null && node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static void put(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
