package dev.tokenauthority.app.config;

import dev.tokenauthority.edge.gateway.GatewayKey;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The gateway key ({@code token-authority.gateway.key}, i.e. environment variable
 * {@code TOKEN_AUTHORITY_GATEWAY_KEY}): when set, only callers that present it reach the gateway endpoints.
 * Unlike the admin key it is never generated. It is required once the gateway endpoints have a listener of
 * their own ({@code token-authority.gateway.port}), i.e. once a gateway is what calls them.
 */
@Configuration(proxyBeanMethods = false)
class GatewayKeyConfiguration {

    static final String VARIABLE = "TOKEN_AUTHORITY_GATEWAY_KEY";

    @Bean
    GatewayKey gatewayKey(Environment environment) {
        String configured = environment.getProperty("token-authority.gateway.key", environment.getProperty(VARIABLE, ""));
        if (configured.isBlank()) {
            if (environment.getProperty("token-authority.gateway.port", Integer.class, 0) > 0) {
                // Without a key, the client address a gateway names is not believed, so every caller behind it
                // shares the gateway's address, and one guesser would get all of them refused (429).
                throw new IllegalStateException("token-authority.gateway.port is set: set a gateway key too "
                        + "(TOKEN_AUTHORITY_GATEWAY_KEY, at least " + KeyMaterial.MIN_ADMIN_KEY_LENGTH + " characters)");
            }
            return new GatewayKey(null);
        }
        if (configured.strip().length() < KeyMaterial.MIN_ADMIN_KEY_LENGTH) {
            throw new IllegalStateException("the gateway key must be at least " + KeyMaterial.MIN_ADMIN_KEY_LENGTH
                    + " characters");
        }
        return new GatewayKey(configured.strip());
    }
}
