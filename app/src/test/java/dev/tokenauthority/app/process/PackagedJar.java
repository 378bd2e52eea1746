package dev.tokenauthority.app.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The command line that starts the packaged jar ({@code app/target/token-authority.jar}) in a test.
 *
 * <p>By default the jar runs the way the image runs it (the {@code Dockerfile}): extracted, with the class-data-sharing
 * archive that {@code deploy/cds-archive.sh} makes in one training run. The tests start the service some hundred
 * times; on two cores a start maps its classes in a few seconds less than it reads and verifies them. The archive is
 * made once per jar (under {@code target/cds}) by the product's own script, so the tests also keep that script
 * working. {@code -Dtoken-authority.test.cds=false} starts the plain {@code java -jar token-authority.jar} instead, as
 * the README does; the tests that start the service through the README's scripts ({@code gateway/demo.sh}, the local
 * cluster script) always run the plain jar.
 */
public final class PackagedJar {

    /** The switch back to the plain jar. */
    public static final String CDS_SWITCH = "token-authority.test.cds";

    private static final Path JAR = Path.of("target", "token-authority.jar").toAbsolutePath();
    private static final Path CDS = Path.of("target", "cds").toAbsolutePath();
    private static final Path SCRIPT = Path.of("..", "deploy", "cds-archive.sh").toAbsolutePath().normalize();
    private static final long TRAINING_LIMIT_SECONDS = 300;

    private PackagedJar() {
    }

    /** {@code java <jvmOptions> -jar …}: what precedes the service's own arguments. */
    public static List<String> command(String... jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(java().toString());
        command.addAll(List.of(jvmOptions));
        if (Boolean.parseBoolean(System.getProperty(CDS_SWITCH, "true"))) {
            Path archive = archive();
            command.add("-XX:SharedArchiveFile=" + archive);
            command.addAll(List.of("-jar", CDS.resolve("app").resolve(JAR.getFileName()).toString()));
        } else {
            command.addAll(List.of("-jar", JAR.toString()));
        }
        return command;
    }

    /** The archive for the jar as it is now, made first if there is none for it (one test JVM at a time makes it). */
    private static synchronized Path archive() {
        try {
            Files.createDirectories(CDS.getParent());
            try (FileChannel lockFile = FileChannel.open(CDS.resolveSibling("cds.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
                Path stamp = CDS.resolveSibling("cds.stamp");
                String wanted = stampOf(JAR);
                if (!Files.exists(stamp) || !Files.readString(stamp).equals(wanted)
                        || !Files.exists(CDS.resolve("app.jsa"))) {
                    make();
                    Files.writeString(stamp, wanted);
                }
                return CDS.resolve("app.jsa");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void make() throws IOException {
        Path log = CDS.resolveSibling("cds-archive.log");
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), JAR.toString(), CDS.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // the archive is tied to the JVM that makes it: the script's `java` is the one the tests start
        builder.environment().put("PATH", java().getParent() + java.io.File.pathSeparator + System.getenv("PATH"));
        Process script = builder.start();
        try {
            if (!script.waitFor(TRAINING_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                script.destroyForcibly();
                throw new IllegalStateException("deploy/cds-archive.sh took more than " + TRAINING_LIMIT_SECONDS
                        + " s; see " + log);
            }
        } catch (InterruptedException e) {
            script.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making the CDS archive", e);
        }
        if (script.exitValue() != 0) {
            throw new IllegalStateException("deploy/cds-archive.sh exited with " + script.exitValue() + ": "
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
    }

    /** Which jar and which JVM an archive belongs to. */
    private static String stampOf(Path jar) throws IOException {
        return Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis() + " " + java();
    }

    private static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
