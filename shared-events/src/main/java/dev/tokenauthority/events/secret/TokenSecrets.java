package dev.tokenauthority.events.secret;

import java.security.SecureRandom;

/** Token secrets: {@link SecretFormat#TOKEN}, {@code tka_} + 49 base62 characters. */
public final class TokenSecrets {

    public static final String PREFIX = SecretFormat.TOKEN.prefix();
    public static final int LENGTH = SecretFormat.TOKEN.length();

    private TokenSecrets() {
    }

    /** A new token secret. */
    public static String generate(SecureRandom random) {
        return SecretFormat.TOKEN.generate(random);
    }

    /** Whether {@code candidate} has the shape and checksum of a token secret. */
    public static boolean isWellFormed(CharSequence candidate) {
        return SecretFormat.TOKEN.isWellFormed(candidate);
    }
}
