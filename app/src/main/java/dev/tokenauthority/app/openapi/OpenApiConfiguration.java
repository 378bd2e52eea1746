package dev.tokenauthority.app.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API's OpenAPI 3 description ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}), made by
 * springdoc from the controllers of every module: paths, parameters and the records they take and answer. What
 * springdoc cannot see from a controller is added here: who may call what ({@link ApiSecurity}) and the RFC 9457
 * problems each call can answer ({@link ApiProblemResponses}), so the controllers stay free of documentation
 * annotations.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI tokenAuthorityApi(@Value("${token-authority.api.version:v1alpha}") String version) {
        return new OpenAPI()
                .info(new Info()
                        .title("Token Authority API")
                        .version(version)
                        .description("""
                                Issues and manages access tokens for instances (one instance, or every instance whose \
                                labels match a selector, with a role and a region), and answers for gateways whether \
                                a bearer token may perform an action on an instance. A token's secret is shown once, \
                                in the answer that creates or regenerates it; every error is an RFC 9457 problem \
                                (application/problem+json)."""))
                .components(new Components());
    }

    @Bean
    OpenApiCustomizer securityAndProblems() {
        return api -> {
            ApiProbes.describe(api);
            ApiSecurity.describe(api);
            ApiProblemResponses.describe(api);
        };
    }
}
