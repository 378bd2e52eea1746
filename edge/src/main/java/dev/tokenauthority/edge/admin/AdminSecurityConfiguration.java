package dev.tokenauthority.edge.admin;

import static dev.tokenauthority.edge.admin.AdminCalls.PROJECT;
import static dev.tokenauthority.edge.admin.AdminCalls.POLICY;
import static dev.tokenauthority.edge.admin.AdminCalls.SERVICE_ACCOUNTS;
import static dev.tokenauthority.edge.admin.AdminCalls.WEBHOOKS;

import dev.tokenauthority.edge.routing.EdgeRoutes;
import dev.tokenauthority.edge.verify.BearerCredentials;
import dev.tokenauthority.events.access.ProjectRole;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may call what on the admin API ({@code /v1alpha/…} but the gateway endpoints), with Spring Security: one
 * stateless filter chain, bearer credentials resolved by {@link AdminCredentials}, rules by project and role:
 * <ul>
 *   <li>a project's service accounts, its webhooks and their delivery logs (reads too: a webhook's URL may carry the
 *       receiver's credential), and setting its token policy ({@code …/policy}): its {@code owner}s;</li>
 *   <li>start, stop, delete of an instance: {@code editor}s, or an operator token covering it;</li>
 *   <li>reads under a project (tokens, instances, audit): {@code viewer}s;</li>
 *   <li>other changes under a project: {@code editor}s;</li>
 *   <li>everything else (replay, digests): the cluster administrator only.</li>
 * </ul>
 * The cluster administrator passes every rule. The gateway endpoints and everything outside {@code /v1alpha/}
 * are not in this chain: verify and the gateway check their own bearer tokens.
 */
@Configuration
class AdminSecurityConfiguration {

    @Bean
    SecurityFilterChain adminApiSecurity(HttpSecurity http, AdminCredentials credentials, AdminProblems problems) throws Exception {
        return http
                .securityMatcher(EdgeRoutes::isAdminCall)
                .authorizeHttpRequests(calls -> calls
                        .requestMatchers(AdminCalls.paths(SERVICE_ACCOUNTS, SERVICE_ACCOUNTS + "/**"))
                        .access(ProjectAccess.role(ProjectRole.OWNER))
                        .requestMatchers(AdminCalls.paths(WEBHOOKS, WEBHOOKS + "/**")).access(ProjectAccess.role(ProjectRole.OWNER))
                        .requestMatchers(AdminCalls.reads(POLICY)).access(ProjectAccess.role(ProjectRole.VIEWER))
                        .requestMatchers(AdminCalls.paths(POLICY)).access(ProjectAccess.role(ProjectRole.OWNER))
                        .requestMatchers(AdminCalls.MANAGE).access(ProjectAccess.manage())
                        .requestMatchers(AdminCalls.reads(PROJECT + "/**")).access(ProjectAccess.role(ProjectRole.VIEWER))
                        .requestMatchers(AdminCalls.paths(PROJECT + "/**")).access(ProjectAccess.role(ProjectRole.EDITOR))
                        .anyRequest().access(ProjectAccess.clusterAdmin()))
                .oauth2ResourceServer(bearer -> bearer
                        .authenticationManagerResolver(credentials)
                        .bearerTokenResolver(request -> blankAsNone(BearerCredentials.of(request.getHeader(HttpHeaders.AUTHORIZATION))))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(AbstractHttpConfigurer::disable) // bearer credentials only: no cookie a browser would send by itself
                .requestCache(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .build();
    }

    private static String blankAsNone(String presented) {
        return presented == null || presented.isBlank() ? null : presented;
    }
}
