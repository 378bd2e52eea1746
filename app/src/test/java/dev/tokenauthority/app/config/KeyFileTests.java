package dev.tokenauthority.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTests {

    @TempDir
    Path dataDir;

    @Test
    void firstStartGeneratesAnOwnerOnlyKeyAndLaterStartsReadTheSameOne() throws Exception {
        Path file = dataDir.resolve("hmac.key");

        String generated = KeyFile.readOrCreate(file, "HMAC key");

        assertThat(Base64.getDecoder().decode(generated)).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(KeyFile.readOrCreate(file, "HMAC key")).isEqualTo(generated);
        try (var files = Files.list(dataDir)) {
            assertThat(files).as("no temporary file is left beside the key").containsExactly(file);
        }
    }

    @Test
    void aTemporaryFileLeftByACrashDuringGenerationIsNotTheKey() throws Exception {
        Files.writeString(dataDir.resolve(".hmac.key.123.new"), "half");

        String generated = KeyFile.readOrCreate(dataDir.resolve("hmac.key"), "HMAC key");

        assertThat(Base64.getDecoder().decode(generated)).hasSize(32);
    }

    @Test
    void anEmptyKeyFileStopsTheStartWithAReasonInsteadOfStandingForAnotherKey() throws Exception {
        Path file = Files.createFile(dataDir.resolve("hmac.key"));

        assertThatThrownBy(() -> KeyFile.readOrCreate(file, "HMAC key"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("is empty");
        assertThat(Files.size(file)).as("the file is left for the operator to restore").isZero();
    }
}
