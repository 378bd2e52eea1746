package dev.tokenauthority.query.accessreview;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * One token that could act on an instance at the moment asked: with which of its secrets ({@code generation},
 * current since {@code generationSince}), which actions its role allowed, by which rule it covered the instance, and
 * from which client networks ({@code allowedNetworks}, empty: any).
 */
@Schema(name = "AccessGrant")
public record Grant(String tokenId, String name, String role, List<String> actions, int generation,
                    Instant generationSince, Instant createdAt, Instant validUntil, Rule rule,
                    @Schema(description = "the client networks it could be used from then; empty: any address")
                    List<String> allowedNetworks) {
}
