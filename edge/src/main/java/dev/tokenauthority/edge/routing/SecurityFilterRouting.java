package dev.tokenauthority.edge.routing;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.filter.DelegatingFilterProxy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps Spring Security off the gateway endpoints ({@code /v1alpha/verify}, {@code /v1alpha/gateway/…}), which
 * check their own bearer tokens: in front of every request, Spring Security's filter costs its firewall, the
 * handler-mapping introspection of Spring MVC request matchers and one match per filter chain, together about a
 * quarter of a verify's throughput (measured: 42,000 → 30,500 verify/s with it, one token, wrk 2×32). Spring Boot's
 * registration of the filter is switched off and this one registers it for everything else, at the same order
 * ({@code spring.security.filter.order}). {@code token-authority.edge.security-on-gateway-paths=true} puts it back in
 * front of every request, as Spring Boot registers it.
 */
@Configuration(proxyBeanMethods = false)
class SecurityFilterRouting {

    private static final String SECURITY_FILTER = "springSecurityFilterChain";

    @Bean
    static BeanPostProcessor bootSecurityFilterRegistrationOff(
            @Value("${token-authority.edge.security-on-gateway-paths:false}") boolean everywhere) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) throws BeansException {
                // Spring Boot's SecurityFilterAutoConfiguration names its registration so.
                if (!everywhere && bean instanceof DelegatingFilterProxyRegistrationBean registration
                        && "securityFilterChainRegistration".equals(name)) {
                    registration.setEnabled(false);
                }
                return bean;
            }
        };
    }

    @Bean
    FilterRegistrationBean<Filter> securityFilterExceptOnGatewayPaths(
            @Value("${token-authority.edge.security-on-gateway-paths:false}") boolean everywhere,
            @Value("${spring.security.filter.order:-100}") int order, WebApplicationContext context) {
        // Looked up at the first request, as Spring Boot's own registration does: the chains are built after the
        // servlet filters are registered.
        DelegatingFilterProxy security = new DelegatingFilterProxy(SECURITY_FILTER, context);
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return EdgeRoutes.isGatewayPath(EdgeRoutes.routedPath(request));
            }

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                security.doFilter(request, response, chain);
            }
        });
        registration.setName("securityFilterExceptOnGatewayPaths");
        registration.setOrder(order);
        registration.setEnabled(!everywhere);
        return registration;
    }
}
