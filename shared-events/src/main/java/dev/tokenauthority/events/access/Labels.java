package dev.tokenauthority.events.access;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Labels on instances and tokens, and the label selectors of tokens. Keys under {@link #RESERVED_PREFIX}
 * belong to the platform: every instance carries {@link #ID} (its id) and {@link #TYPE} (its type), and values
 * a caller sends under the prefix are overwritten, as the second seed does with {@code ovh/}.
 *
 * <p>Shapes after the STACKIT SDK's label patterns: keys 1-63 characters of {@code a-z 0-9 - _ . /}, values
 * 1-63 characters of {@code A-Z a-z 0-9 - _ .}, both starting and ending alphanumeric.
 */
public final class Labels {

    public static final String RESERVED_PREFIX = "token-authority/";
    public static final String ID = RESERVED_PREFIX + "id";
    public static final String TYPE = RESERVED_PREFIX + "type";
    public static final int MAX_LABELS = 64;

    private static final Pattern KEY = Pattern.compile("[a-z0-9]([-_./a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9]([-_.A-Za-z0-9]{0,61}[A-Za-z0-9])?");

    public static final String RULES = "at most " + MAX_LABELS + " labels; keys 1-63 characters of a-z, 0-9, '-', '_',"
            + " '.', '/' and values 1-63 characters of A-Z, a-z, 0-9, '-', '_', '.', each starting and ending"
            + " alphanumeric";

    private Labels() {
    }

    /** Whether every key and value has the right shape and there are not too many; {@code null} is valid. */
    public static boolean areValid(Map<String, String> labels) {
        if (labels == null) {
            return true;
        }
        if (labels.size() > MAX_LABELS) {
            return false;
        }
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (label.getKey() == null || !KEY.matcher(label.getKey()).matches()
                    || label.getValue() == null || !VALUE.matcher(label.getValue()).matches()) {
                return false;
            }
        }
        return true;
    }

    public static boolean isReserved(String key) {
        return key.startsWith(RESERVED_PREFIX);
    }

    /** Whether {@code labels} has every pair of {@code selector} (an empty selector matches everything). */
    public static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        for (Map.Entry<String, String> wanted : selector.entrySet()) {
            if (!wanted.getValue().equals(labels.get(wanted.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
