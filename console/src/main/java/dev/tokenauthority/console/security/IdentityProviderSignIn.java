package dev.tokenauthority.console.security;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;

/**
 * "Sign in with the identity provider" on the console, when the admin API accepts its tokens
 * ({@code token-authority.oidc.issuer-uri}) and the console has a client of its own there
 * ({@code token-authority.oidc.console.client-id} and {@code .client-secret}; its redirect URI is
 * {@code <console's base URL>/console/login/oauth2/code/idp}). The authorization-code flow of Spring Security's
 * OAuth2 client; the access token it brings back is what the console then presents to the admin API, so the user
 * may do exactly what the roles claim in that token grants. The provider is asked for its configuration on the first
 * sign-in, not at start.
 */
@Configuration
@ConditionalOnExpression("!'${token-authority.oidc.issuer-uri:}'.isBlank() and !'${token-authority.oidc.console.client-id:}'.isBlank()")
class IdentityProviderSignIn {

    static final String REGISTRATION = "idp";
    private static final Logger log = LoggerFactory.getLogger(IdentityProviderSignIn.class);

    @Bean
    ClientRegistrationRepository consoleIdentityProvider(@Value("${token-authority.oidc.issuer-uri}") String issuer,
                                                         @Value("${token-authority.oidc.console.client-id}") String clientId,
                                                         @Value("${token-authority.oidc.console.client-secret:}") String secret,
                                                         @Value("${token-authority.oidc.console.name:the identity provider}") String name) {
        Supplier<ClientRegistration> discover = () -> ClientRegistrations.fromIssuerLocation(issuer)
                .registrationId(REGISTRATION).clientName(name).clientId(clientId).clientSecret(secret)
                .scope("openid").redirectUri("{baseUrl}/console/login/oauth2/code/{registrationId}").build();
        return new ClientRegistrationRepository() {
            private volatile ClientRegistration found;

            @Override
            public ClientRegistration findByRegistrationId(String registrationId) {
                if (!REGISTRATION.equals(registrationId)) {
                    return null;
                }
                if (found == null) {
                    try {
                        found = discover.get();
                    } catch (RuntimeException unreachable) {
                        log.warn("console: the identity provider {} did not answer its discovery ({})", issuer,
                                unreachable.getClass().getSimpleName());
                        return null;
                    }
                }
                return found;
            }
        };
    }

    @Bean
    OAuth2AuthorizedClientRepository consoleAuthorizedClients() {
        return new HttpSessionOAuth2AuthorizedClientRepository();
    }
}
