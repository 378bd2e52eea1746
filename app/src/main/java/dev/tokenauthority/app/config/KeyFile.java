package dev.tokenauthority.app.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A key generated on first start into the data directory. A crash while it is written must leave either no file
 * (the next start generates one) or the whole key, never an empty or half-written file, which would stop every
 * later start, or worse, stand for a different key: the key is written and forced to disk in a temporary file,
 * then linked to its name in one step that fails if the name exists already (another process that raced us won,
 * and its key is the one used).
 */
final class KeyFile {

    private static final Logger log = LoggerFactory.getLogger(KeyFile.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int KEY_BYTES = 32;

    private KeyFile() {
    }

    /** The key in {@code file}, generated (32 random bytes, base64) when there is no such file. */
    static String readOrCreate(Path file, String what) {
        try {
            if (!Files.exists(file)) {
                create(file, what);
            }
            String key = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (key.isEmpty()) {
                throw new IllegalStateException("the " + what + " file " + file + " is empty: restore it from a backup"
                        + " (every token depends on it), or delete it if this store has never issued a token");
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the " + what + " file " + file, e);
        }
    }

    private static void create(Path file, String what) throws IOException {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        byte[] content = (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII);
        Path directory = file.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(directory, "." + file.getFileName() + ".", ".new",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(content));
                channel.force(true);
            }
            Files.createLink(file, temporary); // link(2): atomic, and never replaces an existing key
            forceDirectory(directory);
            log.info("generated a new {} into {} (owner-only)", what, file);
        } catch (FileAlreadyExistsException raced) {
            // another process created it first: use theirs
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Makes the new directory entry itself survive a power loss, not only the file's content. */
    private static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
