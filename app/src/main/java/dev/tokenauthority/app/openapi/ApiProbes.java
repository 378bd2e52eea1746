package dev.tokenauthority.app.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;

/**
 * The two probes by name: springdoc shows the actuator's health endpoint as one path and its groups as a pattern
 * ({@code /actuator/health/**}) that no client can call as it is.
 */
final class ApiProbes {

    private ApiProbes() {
    }

    static void describe(OpenAPI api) {
        api.path("/actuator/health/liveness", probe("Liveness: 200 while the process runs"));
        api.path("/actuator/health/readiness", probe("Readiness: 200 exactly while this node accepts tokens (caught up "
                + "with the store since its start and, in a cluster, serving: not joining or fenced); 503 otherwise"));
    }

    private static PathItem probe(String summary) {
        Content status = new Content().addMediaType("application/json", new MediaType().schema(new ObjectSchema()
                .addProperty("status", new StringSchema()._enum(List.of("UP", "DOWN", "OUT_OF_SERVICE")))));
        return new PathItem().get(new Operation().summary(summary).addTagsItem("probes").operationId(
                        summary.startsWith("Liveness") ? "liveness" : "readiness")
                .responses(new ApiResponses()
                        .addApiResponse("200", new ApiResponse().description("up").content(status))
                        .addApiResponse("503", new ApiResponse().description("not now").content(status))));
    }
}
