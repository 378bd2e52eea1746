package dev.tokenauthority.command.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/** Bodies the token write API accepts. Unknown fields are rejected by the JSON reader. */
final class TokenRequests {

    private static final String NETWORKS = "the client networks the token may be used from: up to 32 IPv4 or IPv6"
            + " addresses or CIDR blocks (10.0.0.0/8, 2001:db8::/32, 192.0.2.7); a verification from elsewhere is"
            + " refused (403) and signalled on the token; absent or empty: any address";

    private TokenRequests() {
    }

    /**
     * {@code POST …/tokens}, after the STACKIT API's create body, plus {@code role} and, on the project-level
     * collection only, {@code selector}.
     */
    @Schema(name = "TokenCreate")
    record Create(String name, String description, String ttlDuration, Map<String, String> labels,
                  String role, Map<String, String> selector,
                  @Schema(description = NETWORKS) List<String> allowedNetworks) {
    }

    /**
     * {@code POST …/tokens/bulk-revoke}: the criteria (every one given must match, at least one given), whether
     * this is a dry run, and, for the real call, the {@code selection} its dry run answered.
     */
    @Schema(name = "TokenBulkRevoke")
    record BulkRevoke(Map<String, String> selector, String instanceId, String namePrefix,
                      @Schema(description = "RFC 3339: tokens created before it and not used at or after it")
                      String unusedSince, Boolean dryRun,
                      @Schema(description = "the selection a dry run answered; required when dryRun is false")
                      String selection) {
    }

    /** {@code PATCH …/tokens/{tokenId}}: an absent or null field stays as it is; all or nothing. */
    @Schema(name = "TokenUpdate")
    record Update(String name, String description,
                  @Schema(description = NETWORKS + "; [] lifts the restriction") List<String> allowedNetworks) {
    }
}
