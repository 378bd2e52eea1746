package dev.tokenauthority.command.audit;

import static dev.tokenauthority.events.audit.AuditMetadata.ACTOR;
import static dev.tokenauthority.events.audit.AuditMetadata.ACTOR_ATTRIBUTE;
import static dev.tokenauthority.events.audit.AuditMetadata.CLIENT_ADDRESS;
import static dev.tokenauthority.events.audit.AuditMetadata.REQUEST_ID;
import static dev.tokenauthority.events.audit.AuditMetadata.REQUEST_ID_ATTRIBUTE;
import static dev.tokenauthority.events.audit.AuditMetadata.SYSTEM;

import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Stamps every command with who sent it, from where and in which call, taken from the HTTP request being
 * served; a command sent outside any request is the system's, and a command sent again keeps its first stamp. Handlers never set these by hand: Axon copies
 * them onto the events the command causes.
 */
public final class AuditMetadataInterceptor implements MessageDispatchInterceptor<CommandMessage<?>> {

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        // Stamped once, when first sent: a command sent again (a retry, on another thread, outside the request)
        // keeps who sent it.
        return (index, command) -> command.getMetaData().containsKey(ACTOR) ? command
                : command.andMetaData(metadataOfCurrentRequest());
    }

    static Map<String, Object> metadataOfCurrentRequest() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        Map<String, Object> metadata = new HashMap<>();
        if (attributes instanceof ServletRequestAttributes servlet) {
            HttpServletRequest request = servlet.getRequest();
            Object actor = request.getAttribute(ACTOR_ATTRIBUTE);
            metadata.put(ACTOR, actor == null ? "anonymous" : actor.toString());
            metadata.put(CLIENT_ADDRESS, request.getRemoteAddr());
            Object requestId = request.getAttribute(REQUEST_ID_ATTRIBUTE);
            if (requestId != null) {
                metadata.put(REQUEST_ID, requestId.toString());
            }
        } else {
            metadata.put(ACTOR, SYSTEM);
        }
        return metadata;
    }
}
