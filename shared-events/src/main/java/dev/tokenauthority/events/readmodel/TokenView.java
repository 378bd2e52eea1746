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
 * @param supersededSecretUse the leak signal: secrets it had before a regeneration presented while it was live;
 *                          absent if never
 * @param expiryWarning     the latest expiry warning (the closest lead time warned of); absent if none
 * @param allowedNetworks   the client networks it may be used from (CIDR blocks); empty: any address
 * @param disallowedAddressUse its secret presented from outside its allowed networks (refused); absent if never
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
        List<String> lastUsedFrom,
        @JsonInclude(JsonInclude.Include.NON_NULL) RefusedUse supersededSecretUse,
        @JsonInclude(JsonInclude.Include.NON_NULL) ExpiryWarning expiryWarning,
        List<String> allowedNetworks,
        @JsonInclude(JsonInclude.Include.NON_NULL) RefusedUse disallowedAddressUse) {

    public TokenView {
        lastUsedFrom = lastUsedFrom == null ? List.of() : List.copyOf(lastUsedFrom);
        allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
    }

    /** This view with its usage. */
    public TokenView withUsage(Instant lastUsedAt, List<String> lastUsedFrom) {
        return new TokenView(id, name, description, labels, region, state, validUntil, createdAt, lastRegeneratedAt, role,
                selector, leakReportedAt, lastUsedAt, lastUsedFrom, supersededSecretUse, expiryWarning, allowedNetworks,
                disallowedAddressUse);
    }

    /**
     * The token will expire soon: warned at {@code warnedAt} that it expires within {@code lead} (ISO 8601, e.g.
     * {@code PT24H}).
     */
    public record ExpiryWarning(String lead, Instant warnedAt) {
    }

    /**
     * Refused uses of the token of one kind (a superseded secret presented while it was live: a sign that it leaked;
     * its secret from outside its allowed networks), over all the signals of that kind.
     *
     * @param lastSeenAt the last such use recorded
     * @param uses       how many were recorded, in all
     * @param from       the last 5 distinct client addresses of all its signals, most recent first
     * @param through    the last 5 distinct endpoints and gateways, most recent first ({@code verify via 10.0.0.7})
     */
    public record RefusedUse(Instant lastSeenAt, long uses, List<String> from, List<String> through) {

        public RefusedUse {
            from = from == null ? List.of() : List.copyOf(from);
            through = through == null ? List.of() : List.copyOf(through);
        }
    }

    public static final String ACTIVE = "active";
    public static final String INACTIVE = "inactive";
}
