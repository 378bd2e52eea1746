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
            throw rejected(TokenRejection.INVALID_NAME);
        }
    }

    static void requireValidDescription(String description) {
        if (description == null) {
            return;
        }
        if (description.length() > MAX_DESCRIPTION_LENGTH
                || description.chars().anyMatch(Character::isISOControl)) {
            throw rejected(TokenRejection.INVALID_DESCRIPTION);
        }
    }

    static void requireValidLifetime(Duration lifetime) {
        if (lifetime == null || lifetime.compareTo(Duration.ofSeconds(1)) < 0) {
            throw rejected(TokenRejection.INVALID_LIFETIME);
        }
    }

    static void requireValidLabels(Map<String, String> labels) {
        if (labels == null) {
            return;
        }
        if (labels.size() > MAX_LABELS) {
            throw rejected(TokenRejection.INVALID_LABELS);
        }
        labels.forEach((key, value) -> {
            if (key == null || !LABEL_KEY.matcher(key).matches()) {
                throw rejected(TokenRejection.INVALID_LABELS);
            }
            if (value == null || !LABEL_VALUE.matcher(value).matches()) {
                throw rejected(TokenRejection.INVALID_LABELS);
            }
        });
    }

    static CommandExecutionException rejected(TokenRejection reason) {
        return new CommandExecutionException(reason.description(), null, reason);
    }
}
