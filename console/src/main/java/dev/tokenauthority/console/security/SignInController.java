package dev.tokenauthority.console.security;

import dev.tokenauthority.edge.admin.AdminAuthentication;
import dev.tokenauthority.edge.admin.AdminCredentials;
import dev.tokenauthority.edge.admin.TooManyFailedAttempts;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Sign-in with a service-account key or the admin key, checked by the same code as the admin API's bearer
 * credentials (and counted against the address's failed attempts the same way). A new session id at every
 * sign-in; the key stays on the server.
 */
@Controller
class SignInController {

    private static final Logger log = LoggerFactory.getLogger(SignInController.class);

    private final AdminCredentials credentials;
    private final String identityProvider;
    private final HttpSessionSecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    SignInController(AdminCredentials credentials, ObjectProvider<ClientRegistrationRepository> identityProvider,
                     @Value("${token-authority.oidc.console.name:the identity provider}") String identityProviderName) {
        this.credentials = credentials;
        this.identityProvider = identityProvider.getIfAvailable() == null ? null : identityProviderName;
    }

    @ModelAttribute("identityProvider")
    String identityProvider() {
        return identityProvider;
    }

    @GetMapping(ConsoleSecurityConfiguration.SIGN_IN)
    String form(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        return "console/sign-in";
    }

    @PostMapping(ConsoleSecurityConfiguration.SIGN_IN)
    String signIn(@RequestParam(name = "key", required = false) String key, HttpServletRequest request,
                  HttpServletResponse response, Model model) {
        response.setHeader("Cache-Control", "no-store");
        String presented = key == null ? "" : key.strip();
        try {
            if (presented.isEmpty() || presented.split("\\.").length == 3) {
                // A JWT belongs to "Sign in with the identity provider", not in this field.
                throw new org.springframework.security.authentication.BadCredentialsException("no key");
            }
            AdminAuthentication admin = credentials.authenticate(presented, request);
            request.getSession(true);
            request.changeSessionId(); // no fixation: the id a browser had before signing in is worth nothing now
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(new ConsoleUser(admin, presented));
            SecurityContextHolder.setContext(context);
            contexts.saveContext(context, request, response);
            log.info("console: {} signed in from {}", admin.actor(), request.getRemoteAddr());
            return "redirect:/console";
        } catch (TooManyFailedAttempts tooMany) {
            response.setStatus(429);
            response.setHeader("Retry-After", Long.toString(Math.max(1, tooMany.retryAfter().toSeconds())));
            model.addAttribute("error", "Too many failed attempts from your address. Try again in "
                    + Math.max(1, tooMany.retryAfter().toSeconds()) + " seconds.");
            return "console/sign-in";
        } catch (AuthenticationException refused) {
            response.setStatus(401);
            model.addAttribute("error", presented.isEmpty() ? "Enter a key." : "That key is not valid.");
            return "console/sign-in";
        }
    }
}
