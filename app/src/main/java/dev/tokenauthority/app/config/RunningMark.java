package dev.tokenauthority.app.config;

import java.nio.file.Path;

/**
 * The file {@code running} in the data directory: written before a service's processors start, removed by a clean
 * stop, so finding it at start means the last run crashed ({@link UncleanStopRebuild} keeps it; the H2 recovery
 * reads it too).
 */
public final class RunningMark {

    private RunningMark() {
    }

    public static Path in(Path dataDir) {
        return dataDir.resolve("running");
    }
}
