package dev.tokenauthority.edge.admin;

import dev.tokenauthority.events.access.ProjectRole;
import java.util.function.Supplier;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * The admin API's authorization rules, each over the path variables of the call: a role in the call's project,
 * the right to manage the call's instance, or the cluster administrator. A credential of another project is
 * refused with 403, not 404: the project ids are in the paths the caller wrote, so hiding them would hide
 * nothing, and 403 tells a misconfigured client what is wrong.
 */
final class ProjectAccess {

    private ProjectAccess() {
    }

    static AuthorizationManager<RequestAuthorizationContext> role(ProjectRole needed) {
        return (authentication, context) -> decide(authentication,
                admin -> admin.may(context.getVariables().get("projectId"), needed));
    }

    /** Start, stop or delete of an instance: an editor of the project, or an operator token covering it. */
    static AuthorizationManager<RequestAuthorizationContext> manage() {
        return (authentication, context) -> decide(authentication, admin -> admin.mayManage(
                context.getVariables().get("projectId"), context.getVariables().get("regionId"),
                context.getVariables().get("instanceId")));
    }

    static AuthorizationManager<RequestAuthorizationContext> clusterAdmin() {
        return (authentication, context) -> decide(authentication, AdminAuthentication::isClusterAdmin);
    }

    private static AuthorizationDecision decide(Supplier<Authentication> authentication,
                                                java.util.function.Predicate<AdminAuthentication> rule) {
        return new AuthorizationDecision(authentication.get() instanceof AdminAuthentication admin && rule.test(admin));
    }
}
