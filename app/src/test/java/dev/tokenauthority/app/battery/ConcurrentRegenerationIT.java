package dev.tokenauthority.app.battery;

import dev.tokenauthority.app.process.ServiceLauncher;
import dev.tokenauthority.app.process.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Battery test 2 on one node (the packaged jar as a real process, on H2 and on PostgreSQL): 64 threads regenerate
 * the same tokens while 8 others verify every secret ever returned ({@link RegenerationRace}). The same race over
 * three nodes is in {@code ClusterIT}.
 */
@Tag(Battery.TAG)
class ConcurrentRegenerationIT {

    private static final String ADMIN_KEY = "battery-race-admin-key-0123456789-0123456789";
    static final String TEST = "2 concurrency (64 threads regenerate, 8 verify)";

    static Stream<Arguments> deployments() {
        return Battery.stores(Battery.POSTGRESQL).map(store -> Arguments.of(store, store.equals(Battery.H2)
                ? ServiceLauncher.packagedJarOnH2(ADMIN_KEY) : ServiceLauncher.packagedJarOnPostgres(ADMIN_KEY)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void noSupersededSecretIsAcceptedOnceItsRegenerateReturned(String deployment, ServiceLauncher launcher) throws Exception {
        Path work = Files.createDirectories(Path.of("target", "battery-it").toAbsolutePath());
        Path dataDir = Files.createTempDirectory(work, "race-");
        try (ServiceProcess service = launcher.start(dataDir, work.resolve(dataDir.getFileName() + ".log"))) {
            RegenerationRace.Result result = new RegenerationRace(List.of(service.base()), ADMIN_KEY, "p-race", "eu01")
                    .run(Battery.scaled(8, 16), 64, Battery.scaled(5, 50), 8, Battery.seed());
            result.figures(new BatteryFigures(TEST, deployment + ", 1 node")).assertAllMet();
        }
    }
}
