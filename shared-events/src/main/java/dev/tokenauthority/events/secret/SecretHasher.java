package dev.tokenauthority.events.secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hash of a token secret: HMAC-SHA256 under the server key. The only form in which a secret is ever
 * stored, carried in an event or compared. Without the key, a stolen event store does not let anyone test
 * guessed secrets offline.
 *
 * <p>Thread-safe: each thread keeps its own initialised {@link Mac}, because {@code Mac.getInstance} and
 * {@code init} cost more than the hash itself on the verify path.
 */
public final class SecretHasher {

    static final String ALGORITHM = "HmacSHA256";
    public static final int MIN_KEY_BYTES = 32;
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final ThreadLocal<Mac> macs;

    public SecretHasher(byte[] key) {
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the HMAC key needs at least " + MIN_KEY_BYTES + " bytes");
        }
        SecretKeySpec spec = new SecretKeySpec(key.clone(), ALGORITHM);
        mac(spec); // fail at start-up, not on the first request
        this.macs = ThreadLocal.withInitial(() -> mac(spec));
    }

    /** The 32-byte keyed hash of {@code secret}. */
    public byte[] hashBytes(String secret) {
        return macs.get().doFinal(secret.getBytes(StandardCharsets.US_ASCII));
    }

    /** The keyed hash of {@code secret} as carried in events: base64url without padding. */
    public String hash(String secret) {
        return BASE64URL.encodeToString(hashBytes(secret));
    }

    /** Constant-time comparison of two hashes in their event form. */
    public static boolean sameHash(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    private static Mac mac(SecretKeySpec spec) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(spec);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
