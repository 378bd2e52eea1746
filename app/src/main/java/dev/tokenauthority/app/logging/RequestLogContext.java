package dev.tokenauthority.app.logging;

import dev.tokenauthority.edge.admin.AdminAuthentication;
import dev.tokenauthority.events.audit.AuditMetadata;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.slf4j.MDC;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * What the log lines of an admin call carry besides their message (MDC, so fields of the JSON logs): its request
 * id ({@code request.id}, as in the audit trail), who made it ({@code user.name}, the audit trail's actor) and the
 * token it is about ({@code token.id}). Not on verify: its hot path records nothing, and its refusals name the
 * token in their message.
 */
@Component
class RequestLogContext implements HandlerInterceptor, WebMvcConfigurer {

    static final String REQUEST_ID = "request.id";
    static final String ACTOR = "user.name";
    static final String TOKEN_ID = "token.id";

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/v1alpha/**").excludePathPatterns("/v1alpha/verify");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getAttribute(AuditMetadata.REQUEST_ID_ATTRIBUTE) instanceof String requestId) {
            MDC.put(REQUEST_ID, requestId);
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof AdminAuthentication admin) {
            MDC.put(ACTOR, admin.actor());
        }
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables
                && variables.get("tokenId") instanceof String tokenId) {
            MDC.put(TOKEN_ID, tokenId);
        }
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        MDC.remove(REQUEST_ID);
        MDC.remove(ACTOR);
        MDC.remove(TOKEN_ID);
    }
}
