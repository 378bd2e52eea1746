package dev.tokenauthority.app.config;

import dev.tokenauthority.app.web.GatewayKey;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The gateway key ({@code token-authority.gateway.key}, i.e. environment variable
 * {@code TOKEN_AUTHORITY_GATEWAY_KEY}): when set, only callers that present it reach the gateway endpoints.
 * Unlike the admin key it is never generated: a deployment whose verify endpoint is reachable only by its
 * gateway may not need one.
 */
@Configuration(proxyBeanMethods = false)
class GatewayKeyConfiguration {

    static final String VARIABLE = "TOKEN_AUTHORITY_GATEWAY_KEY";

    @Bean
    GatewayKey gatewayKey(Environment environment) {
        String configured = environment.getProperty("token-authority.gateway.key", environment.getProperty(VARIABLE, ""));
        if (configured.isBlank()) {
            return new GatewayKey(null);
        }
        if (configured.strip().length() < KeyMaterial.MIN_ADMIN_KEY_LENGTH) {
            throw new IllegalStateException("the gateway key must be at least " + KeyMaterial.MIN_ADMIN_KEY_LENGTH
                    + " characters");
        }
        return new GatewayKey(configured.strip());
    }
}
