package dev.tokenauthority.command.token;

import dev.tokenauthority.events.access.Role;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Issue a token: for the one instance of {@code path}, or, when the path names no instance, for every instance
 * of the project and region whose labels match {@code selector}. The caller already generated the secret and
 * passes only its keyed hash. {@code allowedNetworks}: the client networks it may be used from ({@code null} or
 * empty: any).
 */
public record CreateToken(
        @TargetAggregateIdentifier String tokenId,
        TokenPath path,
        Map<String, String> selector,
        Role role,
        String name,
        String description,
        Map<String, String> labels,
        Duration lifetime,
        String secretHash,
        List<String> allowedNetworks) {
}
