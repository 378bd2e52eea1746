package dev.tokenauthority.events.readmodel;

import dev.tokenauthority.events.secret.SecretFormat;
import java.util.regex.Pattern;

/**
 * The shape of a project, region, instance or token id in a URL: 1-63 characters of letters, digits, '.', '_'
 * or '-', starting with a letter or digit, and never one of our secrets: a token secret or service-account key
 * pasted into a URL by mistake fits that shape, and must not become an id that is stored, logged or echoed. Anything
 * else is rejected before it reaches a command or a query.
 */
public final class ResourceIds {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private ResourceIds() {
    }

    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches() && !SecretFormat.TOKEN.isWellFormed(id)
                && !SecretFormat.SERVICE_ACCOUNT_KEY.isWellFormed(id);
    }

    /**
     * Returns {@code id} if it is valid.
     *
     * @throws InvalidResourceIdException naming the parameter, never echoing the value (a secret pasted into a
     *                                    URL by mistake must not come back in an error)
     */
    public static String requireValid(String parameter, String id) {
        if (!isValid(id)) {
            throw new InvalidResourceIdException(parameter);
        }
        return id;
    }

    /** A path or query parameter that is not a well-formed id. */
    public static final class InvalidResourceIdException extends RuntimeException {

        private final String parameter;

        InvalidResourceIdException(String parameter) {
            super(parameter + " must be 1-63 characters of letters, digits, '.', '_' or '-', and not a secret", null, false, false);
            this.parameter = parameter;
        }

        public String parameter() {
            return parameter;
        }
    }
}
