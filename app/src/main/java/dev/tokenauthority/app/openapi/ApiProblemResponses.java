package dev.tokenauthority.app.openapi;

import dev.tokenauthority.edge.routing.EdgeRoutes;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The RFC 9457 problems each call can answer, in the description: which ones follows from what the call is (a read
 * or a change, with a body or ids in its path, the admin API or verify), as the edge and the write side decide them.
 */
final class ApiProblemResponses {

    static final String PROBLEM = "Problem";
    private static final String PROBLEM_JSON = "application/problem+json";

    private ApiProblemResponses() {
    }

    static void describe(OpenAPI api) {
        api.getComponents().addSchemas(PROBLEM, problemSchema());
        api.getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, operation) -> add(operation, problemsOf(path, method, operation))));
    }

    private static Map<String, String> problemsOf(String path, PathItem.HttpMethod method, Operation operation) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (path.equals("/v1alpha/verify") || path.equals("/v1alpha/gateway/auth")) {
            problems.put("400", "projectId, regionId or instanceId missing or not a well-formed id");
            problems.put("401", "no token, or one that is unknown, revoked, superseded, expired or of a deleted "
                    + "instance: one answer for all (WWW-Authenticate: Bearer error=\"invalid_token\")");
            problems.put("403", "a valid token whose scope or role does not cover the instance and action "
                    + "(error=\"insufficient_scope\")");
            problems.put("429", "too many failed verifications from this address (Retry-After)");
            problems.put("503", "this node cannot tell a revoked token from a valid one now (starting, catching up, "
                    + "fenced or cut off from its database): ask another node (Retry-After)");
            return problems;
        }
        if (EdgeRoutes.isGatewayPath(path) || path.startsWith("/actuator/health")) {
            return problems; // the gateway's pages answer HTML to browsers; the probes answer their own JSON
        }
        if (path.equals(EdgeRoutes.LEAK_REPORTS)) {
            problems.put("400", "not a JSON list of 1 to 100 {token, type, url, source}; nothing changed");
            problems.put("401", "not signed (Github-Public-Key-Identifier, Github-Public-Key-Signature) by a configured "
                    + "key; nothing changed");
            problems.put("404", "leaked-token reports are not configured on this service (no public key)");
            problems.put("405", "this node is verify-only: send reports to a full node");
            problems.put("413", "the body is larger than the API accepts");
            problems.put("415", "the body is not application/json");
            problems.put("503", "CHANGE_NOT_CONFIRMED: committed but not confirmed applied on every node within the "
                    + "bound; safe to retry (Retry-After)");
            return problems;
        }
        if (path.equals(EdgeRoutes.METRICS)) {
            problems.put("401", "no credential, or one that is unknown");
            problems.put("403", "a credential that is not the cluster administrator's");
            problems.put("429", "too many failed attempts with a credential from this address (Retry-After)");
            return problems;
        }
        boolean change = method != PathItem.HttpMethod.GET && method != PathItem.HttpMethod.HEAD;
        problems.put("400", "a malformed id, query parameter or body; the problem names the field; nothing changed");
        problems.put("401", "no credential, or one that is unknown, expired or rotated away");
        problems.put("403", "the credential's role does not allow this call in this project");
        if (path.contains("{")) {
            problems.put("404", "no such project resource (or not visible to this credential)");
        }
        if (change) {
            problems.put("405", "this node is verify-only: send changes to a full node");
        }
        problems.put("406", "the Accept header allows neither application/json nor application/problem+json");
        if (change) {
            problems.put("409", "the change conflicts with the current state (a name taken, a concurrent change, "
                    + "a deleted resource); nothing changed");
        }
        if (operation.getRequestBody() != null) {
            problems.put("413", "the body is larger than the API accepts");
            problems.put("415", "the body is not application/json");
        }
        problems.put("429", "too many failed attempts with a credential from this address (Retry-After)");
        if (change) {
            problems.put("503", "CHANGE_NOT_CONFIRMED: committed but not confirmed applied on every node within the "
                    + "bound; safe to retry (Retry-After)");
        }
        return problems;
    }

    private static void add(Operation operation, Map<String, String> problems) {
        if (operation.getResponses() == null) {
            operation.responses(new ApiResponses());
        }
        problems.forEach((status, description) -> operation.getResponses().addApiResponse(status, new ApiResponse()
                .description(description)
                .content(new Content().addMediaType(PROBLEM_JSON, new MediaType()
                        .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))))));
    }

    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("An RFC 9457 problem. Details are fixed texts: nothing of the request is echoed.")
                .addProperty("type", new StringSchema().example("about:blank"))
                .addProperty("title", new StringSchema().example("Bad Request"))
                .addProperty("status", new IntegerSchema().example(400))
                .addProperty("detail", new StringSchema())
                .addProperty("code", new StringSchema()
                        .description("a stable code of some write refusals, e.g. CHANGE_NOT_CONFIRMED"))
                .addProperty("error", new StringSchema().description("verify: the RFC 6750 error code"));
    }
}
