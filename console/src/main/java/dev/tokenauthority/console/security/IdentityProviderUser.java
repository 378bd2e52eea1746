package dev.tokenauthority.console.security;

import dev.tokenauthority.edge.admin.AdminAuthentication;
import dev.tokenauthority.edge.admin.AdminCredentials;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/**
 * After the identity provider signed a user in: the access token it issued is checked as the admin API checks it
 * (issuer, signature, audience, roles claim), and the console user becomes that token's user. A token the admin API
 * would refuse signs nobody in.
 */
final class IdentityProviderUser implements AuthenticationSuccessHandler {

    private static final Logger log = LoggerFactory.getLogger(IdentityProviderUser.class);

    private final AdminCredentials credentials;
    private final OAuth2AuthorizedClientRepository clients;
    private final HttpSessionSecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    IdentityProviderUser(AdminCredentials credentials, OAuth2AuthorizedClientRepository clients) {
        this.credentials = credentials;
        this.clients = clients;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                                        Authentication authentication) throws IOException {
        OAuth2AuthenticationToken signedIn = (OAuth2AuthenticationToken) authentication;
        OAuth2AuthorizedClient client = clients.loadAuthorizedClient(signedIn.getAuthorizedClientRegistrationId(),
                signedIn, request);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        try {
            String accessToken = client.getAccessToken().getTokenValue();
            AdminAuthentication admin = credentials.authenticate(accessToken, request);
            context.setAuthentication(new ConsoleUser(admin, accessToken));
            log.info("console: {} signed in through the identity provider from {}", admin.actor(), request.getRemoteAddr());
        } catch (AuthenticationException refused) {
            SecurityContextHolder.clearContext();
            contexts.saveContext(SecurityContextHolder.createEmptyContext(), request, response);
            response.sendRedirect(ConsoleSecurityConfiguration.SIGN_IN + "?idp-refused");
            return;
        }
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        response.sendRedirect("/console");
    }
}
