package dev.tokenauthority.command.naming;

import java.util.regex.Pattern;

/**
 * The shape of what people name and describe: tokens, instances and service accounts alike. Its own package, so
 * the aggregates that share it need not know each other.
 */
public final class DisplayNames {

    public static final int MAX_DESCRIPTION_LENGTH = 255;
    private static final Pattern NAME = Pattern.compile("[0-9A-Za-z _-]{1,63}");

    private DisplayNames() {
    }

    /** 1–63 letters, digits, spaces, '_' or '-'. */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** At most {@value #MAX_DESCRIPTION_LENGTH} characters, none a control character; {@code null} means none given. */
    public static boolean isValidDescription(String description) {
        return description == null || description.length() <= MAX_DESCRIPTION_LENGTH
                && description.chars().noneMatch(Character::isISOControl);
    }
}
