package dev.tokenauthority.command.token;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.axonframework.commandhandling.CommandExecutionException;

/**
 * The shape a token's fields must have. The aggregate enforces them whatever the caller, so a command that
 * bypasses the REST layer cannot write a bad event either.
 */
final class TokenRules {

    static final int MAX_DESCRIPTION_LENGTH = 255;
    static final int MAX_LABELS = 64;
    private static final Pattern NAME = Pattern.compile("[0-9A-Za-z _-]{1,63}");
    // After the STACKIT SDK's label patterns: 1-63 characters, starting and ending alphanumeric.
    private static final Pattern LABEL_KEY = Pattern.compile("[a-z0-9]([-_./a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9]([-_.A-Za-z0-9]{0,61}[A-Za-z0-9])?");

    private TokenRules() {
    }

    static void requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw rejected(TokenRejection.INVALID_NAME,
                    "name must be 1-63 characters of letters, digits, space, '_' or '-'");
        }
    }

    static void requireValidDescription(String description) {
        if (description == null) {
            return;
        }
        if (description.length() > MAX_DESCRIPTION_LENGTH
                || description.chars().anyMatch(Character::isISOControl)) {
            throw rejected(TokenRejection.INVALID_DESCRIPTION,
                    "description must be at most " + MAX_DESCRIPTION_LENGTH + " characters without control characters");
        }
    }

    static void requireValidLifetime(Duration lifetime) {
        if (lifetime == null || lifetime.compareTo(Duration.ofSeconds(1)) < 0) {
            throw rejected(TokenRejection.INVALID_LIFETIME, "lifetime must be at least one second");
        }
    }

    static void requireValidLabels(Map<String, String> labels) {
        if (labels == null) {
            return;
        }
        if (labels.size() > MAX_LABELS) {
            throw rejected(TokenRejection.INVALID_LABELS, "at most " + MAX_LABELS + " labels");
        }
        labels.forEach((key, value) -> {
            if (key == null || !LABEL_KEY.matcher(key).matches()) {
                throw rejected(TokenRejection.INVALID_LABELS,
                        "label keys must be 1-63 characters of a-z, 0-9, '-', '_', '.', '/', starting and ending alphanumeric");
            }
            if (value == null || !LABEL_VALUE.matcher(value).matches()) {
                throw rejected(TokenRejection.INVALID_LABELS,
                        "label values must be 1-63 characters of A-Z, a-z, 0-9, '-', '_', '.', starting and ending alphanumeric");
            }
        });
    }

    static CommandExecutionException rejected(TokenRejection reason, String message) {
        return new CommandExecutionException(message, null, reason);
    }
}
