package dev.tokenauthority.events.readmodel;

import dev.tokenauthority.events.secret.SecretFormat;

/**
 * The rule for a name prefix, the filter of the lists and a criterion of a bulk revocation ({@link FindTokensMatching}):
 * 1-63 characters, none a control character (a name has none, and PostgreSQL refuses a text with a NUL in it), and
 * not a secret sent by mistake. It is matched literally, not as a pattern.
 */
public final class NamePrefixes {

    public static final String RULE = "namePrefix must be 1-63 characters, none a control character, and not a secret";
    private static final int MAX_LENGTH = 63;

    private NamePrefixes() {
    }

    public static boolean isValid(String prefix) {
        return prefix != null && !prefix.isEmpty() && prefix.length() <= MAX_LENGTH
                && prefix.chars().noneMatch(Character::isISOControl) && !SecretFormat.appearsIn(prefix);
    }
}
