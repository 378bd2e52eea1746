package dev.tokenauthority.command.web;

import io.swagger.v3.oas.annotations.media.Schema;

/** Bodies the service-account write API accepts. Unknown fields are rejected by the JSON reader. */
final class ServiceAccountRequests {

    private ServiceAccountRequests() {
    }

    /** {@code POST …/service-accounts}: {@code ttlDuration} absent means the account does not expire. */
    @Schema(name = "ServiceAccountCreate")
    record Create(String name, String role, String description, String ttlDuration) {
    }

    /** {@code PATCH …/service-accounts/{id}}: an absent or null field stays as it is. */
    @Schema(name = "ServiceAccountUpdate")
    record Update(String name, String description, String role) {
    }
}
