package dev.tokenauthority.command.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** Bodies the instance write API accepts. Unknown fields are rejected by the JSON reader. */
final class InstanceRequests {

    private InstanceRequests() {
    }

    /**
     * {@code POST …/instances}: {@code type} is {@code app} or {@code experiments}; {@code id} is the instance's
     * id on the platform (what gateways see), generated as a UUID when absent.
     */
    @Schema(name = "InstanceRegister")
    record Register(String id, String type, String name, Map<String, String> labels) {
    }

    /** {@code PATCH …/instances/{instanceId}}: the instance's own labels, replaced as a whole. */
    @Schema(name = "InstanceUpdate")
    record Update(Map<String, String> labels) {
    }
}
