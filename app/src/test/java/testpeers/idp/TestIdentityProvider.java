package testpeers.idp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.NoOpPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * A real OpenID Connect identity provider for tests: a stock Spring Authorization Server (the project the peer in
 * {@code ../shared/peers/spring-authz-server} runs), on its own port, with its own RSA key, discovery document and
 * JWKS, issuing JWT access tokens by the client-credentials grant. Deliberately outside {@code dev.tokenauthority},
 * so the service's component scan never sees it, and started without auto-configuration but the web server's.
 *
 * <p>A user {@code alice} (roles {@code p-1:editor}) signs in on its login page for the console's client
 * {@code console} (authorization code). Clients (secret = client id): {@code team-a} (roles {@code p-1:editor},
 * {@code p-3:viewer}), {@code no-roles},
 * {@code short-lived} (3-second tokens, roles {@code p-1:editor}), {@code other-audience} (roles {@code p-1:owner},
 * audience {@code elsewhere}). Every other token has audience {@value #AUDIENCE}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@ImportAutoConfiguration({ServletWebServerFactoryAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
        WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class})
public class TestIdentityProvider {

    public static final String AUDIENCE = "token-authority";
    public static final String ROLES_CLAIM = "token_authority_roles";

    /** Roles by principal: a client's id for client credentials, the user's name for a sign-in. */
    private static final Map<String, List<String>> ROLES = Map.of(
            "team-a", List.of("p-1:editor", "p-3:viewer"),
            "short-lived", List.of("p-1:editor"),
            "other-audience", List.of("p-1:owner"),
            "alice", List.of("p-1:editor"));

    /** A user who signs in through the login page (password = name + "-password"). */
    public static final String USER = "alice";
    /** The console's client (authorization code; secret = its id), when started with a redirect URI. */
    public static final String CONSOLE_CLIENT = "console";

    /** A running identity provider; {@link #close()} stops it. */
    public record Running(ConfigurableApplicationContext context, String issuer) implements AutoCloseable {

        /** An access token for {@code clientId}, by the client-credentials grant over HTTP. */
        public String accessToken(String clientId) {
            String basic = Base64.getEncoder().encodeToString((clientId + ":" + clientId).getBytes(StandardCharsets.UTF_8));
            HttpRequest request = HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope="
                            + URLEncoder.encode("admin", StandardCharsets.UTF_8)))
                    .timeout(Duration.ofSeconds(10)).build();
            try {
                HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("token endpoint answered " + response.statusCode() + ": " + response.body());
                }
                return new ObjectMapper().readTree(response.body()).get("access_token").asText();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            context.close();
        }
    }

    public static Running start() {
        return start("http://127.0.0.1/unused");
    }

    /** With the console's client allowed to come back to {@code consoleRedirectUri}. */
    public static Running start(String consoleRedirectUri) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(TestIdentityProvider.class)
                .web(WebApplicationType.SERVLET)
                .properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
                        "spring.jmx.enabled=false", "test-idp.console-redirect-uri=" + consoleRedirectUri,
                        // not the service's application.properties, which is on this classpath too; and a session
                        // cookie of its own (cookies do not tell ports apart: the console's is on 127.0.0.1 as well)
                        "spring.config.name=test-identity-provider", "server.servlet.session.cookie.name=IDP_SESSION")
                .run();
        return new Running(context, "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
    }

    /** The protocol endpoints; a browser that must sign in first is sent to the login page. */
    @Bean
    @org.springframework.core.annotation.Order(1)
    SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
        OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
        http.securityMatcher(server.getEndpointsMatcher())
                .with(server, configured -> configured.oidc(Customizer.withDefaults()))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()))
                .exceptionHandling(errors -> errors.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
        return http.build();
    }

    /** The login page of the user who signs in to the console. */
    @Bean
    @org.springframework.core.annotation.Order(2)
    SecurityFilterChain signIn(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .formLogin(Customizer.withDefaults()).build();
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(User.withUsername(USER).password(USER + "-password").roles("USER").build());
    }

    @Bean
    RegisteredClientRepository clients(org.springframework.core.env.Environment environment) {
        String consoleRedirectUri = environment.getRequiredProperty("test-idp.console-redirect-uri");
        RegisteredClient console = RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId(CONSOLE_CLIENT).clientSecret(CONSOLE_CLIENT)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri(consoleRedirectUri).scope("openid")
                .clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build())
                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(Duration.ofMinutes(5)).build())
                .build();
        return new InMemoryRegisteredClientRepository(client("team-a", Duration.ofMinutes(5)),
                client("no-roles", Duration.ofMinutes(5)), client("short-lived", Duration.ofSeconds(3)),
                client("other-audience", Duration.ofMinutes(5)), console);
    }

    @Bean
    @SuppressWarnings("deprecation") // a test's clients: their secrets are their ids
    PasswordEncoder passwordEncoder() {
        return NoOpPasswordEncoder.getInstance();
    }

    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> rolesAndAudience() {
        return context -> {
            if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                return; // an ID token keeps the client as its audience
            }
            String clientId = context.getRegisteredClient().getClientId();
            List<String> roles = ROLES.get(context.getPrincipal().getName());
            if (roles != null) {
                context.getClaims().claim(ROLES_CLAIM, roles);
            }
            context.getClaims().audience(List.of("other-audience".equals(clientId) ? "elsewhere" : AUDIENCE));
        };
    }

    @Bean
    JWKSource<SecurityContext> keys() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
                .keyID(UUID.randomUUID().toString()).build();
        return new ImmutableJWKSet<>(new JWKSet(key));
    }

    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> keys) {
        return OAuth2AuthorizationServerConfiguration.jwtDecoder(keys);
    }

    @Bean
    AuthorizationServerSettings settings() {
        return AuthorizationServerSettings.builder().build();
    }

    private static RegisteredClient client(String id, Duration lifetime) {
        return RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId(id)
                .clientSecret(id)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .scope("admin")
                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(lifetime).build())
                .build();
    }
}
