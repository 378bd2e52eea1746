package dev.tokenauthority.console.security;

import dev.tokenauthority.edge.admin.AdminCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The console's own filter chain ({@code /console/**}): a session after sign-in (cookie {@code HttpOnly},
 * {@code SameSite=Lax}, {@code Secure} behind TLS), CSRF tokens on every form, sign-out by POST, and pages that
 * load nothing from elsewhere and run only the console's own script.
 */
@Configuration
class ConsoleSecurityConfiguration {

    static final String SIGN_IN = "/console/sign-in";
    private static final Logger log = LoggerFactory.getLogger(ConsoleSecurityConfiguration.class);

    @Bean
    @Order(1)
    SecurityFilterChain consoleSecurity(HttpSecurity http, ObjectProvider<ClientRegistrationRepository> identityProvider,
                                        ObjectProvider<OAuth2AuthorizedClientRepository> authorizedClients,
                                        AdminCredentials credentials) throws Exception {
        ClientRegistrationRepository registrations = identityProvider.getIfAvailable();
        if (registrations != null) {
            OAuth2AuthorizedClientRepository clients = authorizedClients.getObject();
            http.oauth2Login(login -> login
                    .loginPage(SIGN_IN)
                    .clientRegistrationRepository(registrations)
                    .authorizedClientRepository(clients)
                    .authorizationEndpoint(start -> start.baseUri("/console/oauth2/authorization"))
                    .redirectionEndpoint(back -> back.baseUri("/console/login/oauth2/code/*"))
                    .successHandler(new IdentityProviderUser(credentials, clients))
                    .failureHandler((request, response, refused) -> {
                        log.warn("console: sign-in through the identity provider failed: {}", refused.getMessage());
                        response.sendRedirect(SIGN_IN + "?idp-refused");
                    }));
        }
        return http
                .securityMatcher("/console", "/console/**")
                .authorizeHttpRequests(pages -> pages
                        .requestMatchers(SIGN_IN, "/console/assets/**").permitAll()
                        .anyRequest().authenticated())
                .securityContext(context -> context.securityContextRepository(new HttpSessionSecurityContextRepository()))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint(SIGN_IN)))
                .logout(signOut -> signOut.logoutUrl("/console/sign-out").logoutSuccessUrl(SIGN_IN + "?signed-out")
                        .deleteCookies("TA_CONSOLE"))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; script-src 'self'; "
                                + "style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; "
                                + "base-uri 'none'; object-src 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
                .csrf(csrf -> csrf.csrfTokenRequestHandler(new GarbageTolerantCsrfTokenHandler()))
                .requestCache(AbstractHttpConfigurer::disable)
                .build();
    }
}
