package dev.tokenauthority.command.token;

import dev.tokenauthority.command.naming.DisplayNames;
import dev.tokenauthority.events.access.AllowedNetworks;
import dev.tokenauthority.events.access.Labels;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandExecutionException;

/**
 * The shape a token's fields must have. The aggregate enforces them whatever the caller, so a command that
 * bypasses the REST layer cannot write a bad event either.
 */
public final class TokenRules {

    static final int MAX_DESCRIPTION_LENGTH = DisplayNames.MAX_DESCRIPTION_LENGTH;

    private TokenRules() {
    }

    static void requireValidName(String name) {
        if (!DisplayNames.isValidName(name)) {
            throw rejected(TokenRejection.INVALID_NAME);
        }
    }

    static void requireValidDescription(String description) {
        if (!DisplayNames.isValidDescription(description)) {
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

    /** The networks, canonical; a list that does not parse is refused with what is wrong with it. */
    static AllowedNetworks requireValidNetworks(List<String> networks) {
        try {
            return AllowedNetworks.parse(networks);
        } catch (AllowedNetworks.InvalidNetwork e) {
            throw new CommandExecutionException(e.getMessage() + "; " + AllowedNetworks.RULES, null,
                    TokenRejection.INVALID_ALLOWED_NETWORKS);
        }
    }

    static CommandExecutionException rejected(TokenRejection reason) {
        return new CommandExecutionException(reason.description(), null, reason);
    }
}
