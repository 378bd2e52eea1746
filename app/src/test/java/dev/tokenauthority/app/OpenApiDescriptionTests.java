package dev.tokenauthority.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.endpoint.web.servlet.WebMvcEndpointHandlerMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The API's OpenAPI description, as served: valid OpenAPI 3 (swagger-parser, the reference parser), with every
 * endpoint the application maps (the API, the gateway's endpoints, the actuator's probes and metrics; not the
 * console's pages), each call with who may make it and each of its errors an RFC 9457 problem; Swagger UI is
 * served beside it.
 */
class OpenApiDescriptionTests {

    @TempDir
    Path dataDir;

    @Test
    void theServedDescriptionIsValidAndHasEveryMappedEndpoint() {
        try (RunningService service = RunningService.start(dataDir)) {
            var answer = service.send("GET", "/v3/api-docs", null, null, null);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));

            ParseOptions options = new ParseOptions();
            options.setResolve(true);
            SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(answer.body(), null, options);
            assertThat(parsed.getMessages()).as("what the OpenAPI parser finds wrong").isEmpty();
            OpenAPI api = parsed.getOpenAPI();
            assertThat(api.getOpenapi()).startsWith("3.");

            List<String> missing = new ArrayList<>();
            int mapped = 0;
            for (RequestMappingInfo mapping : mappedEndpoints(service)) {
                for (String path : mapping.getPatternValues()) {
                    if (!isDescribed(path)) {
                        continue;
                    }
                    Set<RequestMethod> methods = mapping.getMethodsCondition().getMethods();
                    assertThat(methods).as("%s names its methods", path).isNotEmpty();
                    for (RequestMethod method : methods) {
                        mapped++;
                        PathItem.HttpMethod described = PathItem.HttpMethod.valueOf(method.name());
                        // a pattern (/actuator/health/**) is described by the paths it stands for
                        boolean found = api.getPaths().entrySet().stream()
                                .filter(entry -> path.endsWith("/**")
                                        ? entry.getKey().startsWith(path.substring(0, path.length() - 2))
                                        : entry.getKey().equals(path))
                                .anyMatch(entry -> entry.getValue().readOperationsMap().get(described) != null);
                        if (!found) {
                            missing.add(method + " " + path);
                        }
                    }
                }
            }
            assertThat(mapped).as("endpoints mapped under /v1alpha and /actuator").isGreaterThan(30);
            assertThat(missing).as("mapped endpoints missing from the description").isEmpty();
            assertThat(api.getPaths()).containsKeys("/actuator/health/liveness", "/actuator/health/readiness",
                    "/actuator/prometheus");

            api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                String call = method + " " + path;
                if (path.startsWith("/v1alpha/gateway/") && !path.equals("/v1alpha/gateway/auth")
                        || path.startsWith("/actuator/health")) {
                    return; // the gateway's HTML pages, for anyone's browser; the probes, for anyone
                }
                assertThat(operation.getSecurity()).as("who may call %s", call).isNotEmpty();
                // a leak report is signed, not sent with a credential that could be guessed: no failed-attempt limit
                assertThat(errors(operation)).as("the errors of %s", call)
                        .contains(path.equals("/v1alpha/leak-reports") ? new String[] {"401"} : new String[] {"401", "429"});
                errors(operation).forEach(status -> assertThat(operation.getResponses().get(status).getContent())
                        .as("%s's %s", call, status).containsOnlyKeys("application/problem+json"));
            }));
            assertThat(api.getComponents().getSecuritySchemes())
                    .containsKeys("adminKey", "serviceAccountKey", "identityProviderToken", "accessToken", "gatewaySession");
            Operation create = api.getPaths().get("/v1alpha/projects/{projectId}/regions/{regionId}/tokens").getPost();
            assertThat(create.getResponses()).containsKeys("201", "409", "415");
            assertThat(create.getRequestBody().getContent().get("application/json").getSchema().get$ref())
                    .endsWith("/TokenCreate");

            var ui = service.send("GET", "/swagger-ui/index.html", null, null, null);
            assertThat(ui.statusCode()).isEqualTo(200);
            assertThat(ui.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT)).startsWith("text/html");
        }
    }

    /** Every request mapping of the application: its controllers' and the actuator's. */
    private static List<RequestMappingInfo> mappedEndpoints(RunningService service) {
        List<RequestMappingInfo> mappings = new ArrayList<>(service.bean("requestMappingHandlerMapping",
                RequestMappingHandlerMapping.class).getHandlerMethods().keySet());
        mappings.addAll(service.bean(WebMvcEndpointHandlerMapping.class).getHandlerMethods().keySet());
        return mappings;
    }

    /**
     * Everything mapped is described but the console's pages (a UI, not an API), the error page and the description
     * itself (springdoc's own endpoints).
     */
    private static boolean isDescribed(String path) {
        return !(path.startsWith("/console") || path.equals("/error") || path.startsWith("/v3/api-docs")
                || path.startsWith("/swagger-ui") || path.equals("/actuator"));
    }

    private static List<String> errors(Operation operation) {
        return operation.getResponses().keySet().stream().filter(status -> status.compareTo("400") >= 0).toList();
    }
}
