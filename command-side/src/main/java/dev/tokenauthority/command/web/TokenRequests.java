package dev.tokenauthority.command.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** Bodies the token write API accepts. Unknown fields are rejected by the JSON reader. */
final class TokenRequests {

    private TokenRequests() {
    }

    /**
     * {@code POST …/tokens}, after the STACKIT API's create body, plus {@code role} and, on the project-level
     * collection only, {@code selector}.
     */
    @Schema(name = "TokenCreate")
    record Create(String name, String description, String ttlDuration, Map<String, String> labels,
                  String role, Map<String, String> selector) {
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

    /** {@code PATCH …/tokens/{tokenId}}: an absent or null field stays as it is. */
    @Schema(name = "TokenUpdate")
    record Update(String name, String description) {
    }
}
