package dev.tokenauthority.command.web;

/** Bodies the service-account write API accepts. Unknown fields are rejected by the JSON reader. */
final class ServiceAccountRequests {

    private ServiceAccountRequests() {
    }

    /** {@code POST …/service-accounts}: {@code ttlDuration} absent means the account does not expire. */
    record Create(String name, String role, String description, String ttlDuration) {
    }

    /** {@code PATCH …/service-accounts/{id}}: an absent or null field stays as it is. */
    record Update(String name, String description, String role) {
    }
}
