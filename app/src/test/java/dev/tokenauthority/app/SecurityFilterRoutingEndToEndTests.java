package dev.tokenauthority.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

/**
 * Spring Security's filter is registered for everything but the gateway endpoints (the default), or, with
 * {@code token-authority.edge.security-on-gateway-paths=true}, in front of every request as Spring Boot registers
 * it. Both ways the admin API and the console are secured and verify answers alike.
 */
class SecurityFilterRoutingEndToEndTests {

    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "security filter on gateway paths: {0}")
    @ValueSource(booleans = {false, true})
    void bothWaysTheAdminApiIsSecuredAndVerifyAnswersAlike(boolean everywhere) {
        try (RunningService service = RunningService.start(dataDir,
                "--token-authority.edge.security-on-gateway-paths=" + everywhere)) {
            assertThat(service.bean(DelegatingFilterProxyRegistrationBean.class).isEnabled()).isEqualTo(everywhere);
            assertThat(service.bean("securityFilterExceptOnGatewayPaths", FilterRegistrationBean.class).isEnabled())
                    .isEqualTo(!everywhere);

            assertThat(service.send("GET", RunningService.INSTANCES, null, null, null).statusCode()).isEqualTo(401);
            assertThat(service.send("GET", RunningService.INSTANCES, null, null, "wrong-key-0123456789-0123456789-0123")
                    .statusCode()).isEqualTo(401);
            assertThat(service.admin("GET", RunningService.INSTANCES, null).statusCode()).isEqualTo(200);
            assertThat(service.send("GET", "/console/projects", null, null, null).statusCode())
                    .as("the console sends a stranger to its sign-in").isEqualTo(302);

            String secret = service.create("{\"name\":\"routing\"}").get("content").asText();
            assertThat(service.verify(secret)).isEqualTo(204);
            assertThat(service.verify(secret, "other-instance")).isEqualTo(403);
            assertThat(service.verify("tka_wrong")).isEqualTo(401);
            assertThat(service.send("GET", "/v1alpha/gateway/auth", null, null, secret).statusCode())
                    .as("the gateway's auth without its headers").isEqualTo(400);
        }
    }
}
