package dev.tokenauthority.command.web;

import java.util.Map;

/** Bodies the write API accepts. Unknown fields are rejected by the JSON reader. */
final class TokenRequests {

    private TokenRequests() {
    }

    /** {@code POST …/tokens}, after the STACKIT API's create body. */
    record Create(String name, String description, String ttlDuration, Map<String, String> labels) {
    }

    /** {@code PATCH …/tokens/{tokenId}}: an absent or null field stays as it is. */
    record Update(String name, String description) {
    }
}
