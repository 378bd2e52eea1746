package dev.tokenauthority.events.readmodel;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A token's metadata as the catalogue shows it; field names follow the public STACKIT SDK's
 * {@code TokenMetadata}, plus {@code role} and, for a selector token, {@code selector}. Never carries the
 * secret nor its hash.
 *
 * @param state             {@code active}, or {@code inactive} once {@code validUntil} has passed
 * @param lastRegeneratedAt {@code null} until the first regeneration
 * @param role              {@code read-only} or {@code operator}
 * @param selector          the label pairs a selector token covers; absent for an instance token
 * @param leakReportedAt    when a secret scanner last reported its secret as exposed (a token flagged, not revoked,
 *                          by the leak-report policy); absent if never
 * @param lastUsedAt        when a verification last allowed it, on any node (flushed every few seconds); null if never
 * @param lastUsedFrom      the last distinct client addresses it was allowed for, most recent first (at most 5)
 */
public record TokenView(
        String id,
        String name,
        String description,
        Map<String, String> labels,
        String region,
        String state,
        Instant validUntil,
        Instant createdAt,
        Instant lastRegeneratedAt,
        String role,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> selector,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant leakReportedAt,
        Instant lastUsedAt,
        List<String> lastUsedFrom) {

    public TokenView {
        lastUsedFrom = lastUsedFrom == null ? List.of() : List.copyOf(lastUsedFrom);
    }

    /** This view with its usage. */
    public TokenView withUsage(Instant lastUsedAt, List<String> lastUsedFrom) {
        return new TokenView(id, name, description, labels, region, state, validUntil, createdAt, lastRegeneratedAt, role,
                selector, leakReportedAt, lastUsedAt, lastUsedFrom);
    }

    public static final String ACTIVE = "active";
    public static final String INACTIVE = "inactive";
}
