package dev.tokenauthority.command.token;

import java.time.Duration;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Issue a token for one instance; the caller already generated the secret and passes only its keyed hash. */
public record CreateToken(
        @TargetAggregateIdentifier String tokenId,
        InstancePath instance,
        String name,
        String description,
        Map<String, String> labels,
        Duration lifetime,
        String secretHash) {
}
