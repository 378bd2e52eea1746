package dev.tokenauthority.command.token;

import dev.tokenauthority.events.access.Labels;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.axonframework.commandhandling.CommandExecutionException;

/**
 * The shape a token's fields must have. The aggregate enforces them whatever the caller, so a command that
 * bypasses the REST layer cannot write a bad event either.
 */
public final class TokenRules {

    public static final int MAX_DESCRIPTION_LENGTH = 255;
    private static final Pattern NAME = Pattern.compile("[0-9A-Za-z _-]{1,63}");

    private TokenRules() {
    }

    /** Token and instance names alike. */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    static void requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw rejected(TokenRejection.INVALID_NAME);
        }
    }

    /** Token and service-account descriptions alike; {@code null} means "none given". */
    public static boolean isValidDescription(String description) {
        return description == null || description.length() <= MAX_DESCRIPTION_LENGTH
                && description.chars().noneMatch(Character::isISOControl);
    }

    static void requireValidDescription(String description) {
        if (!isValidDescription(description)) {
            throw rejected(TokenRejection.INVALID_DESCRIPTION);
        }
    }

    static void requireValidLifetime(Duration lifetime) {
        if (lifetime == null || lifetime.compareTo(Duration.ofSeconds(1)) < 0) {
            throw rejected(TokenRejection.INVALID_LIFETIME);
        }
    }

    static void requireValidLabels(Map<String, String> labels) {
        if (!Labels.areValid(labels)) {
            throw rejected(TokenRejection.INVALID_LABELS);
        }
    }

    static void requireValidSelector(Map<String, String> selector) {
        if (selector == null || selector.isEmpty() || !Labels.areValid(selector)) {
            throw rejected(TokenRejection.INVALID_SELECTOR);
        }
    }

    static CommandExecutionException rejected(TokenRejection reason) {
        return new CommandExecutionException(reason.description(), null, reason);
    }
}
