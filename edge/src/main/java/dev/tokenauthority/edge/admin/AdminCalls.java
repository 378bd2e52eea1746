package dev.tokenauthority.edge.admin;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/** The shapes of the admin API's paths that decide who may call them. */
final class AdminCalls {

    static final String PROJECT = "/v1alpha/projects/{projectId}";
    static final String INSTANCE = PROJECT + "/regions/{regionId}/instances/{instanceId}";
    static final String SERVICE_ACCOUNTS = PROJECT + "/service-accounts";
    /** The project's token policy: any member reads it, only an owner sets it. */
    static final String POLICY = PROJECT + "/policy";
    static final String WEBHOOKS = PROJECT + "/webhooks";

    private static final PathPatternRequestMatcher.Builder PATHS = PathPatternRequestMatcher.withDefaults();

    /** Start, stop and delete of an instance: what an operator token may do on the instances it covers. */
    static final RequestMatcher MANAGE = new OrRequestMatcher(
            PATHS.matcher(HttpMethod.POST, INSTANCE + "/start"),
            PATHS.matcher(HttpMethod.POST, INSTANCE + "/stop"),
            PATHS.matcher(HttpMethod.DELETE, INSTANCE));

    private AdminCalls() {
    }

    /** The project, region and instance of a manage call, or {@code null} when the request is none. */
    static AdminAuthentication.ManagedInstance managedInstance(HttpServletRequest request) {
        RequestMatcher.MatchResult match = MANAGE.matcher(request);
        if (!match.isMatch()) {
            return null;
        }
        Map<String, String> variables = match.getVariables();
        return new AdminAuthentication.ManagedInstance(variables.get("projectId"), variables.get("regionId"),
                variables.get("instanceId"));
    }

    static RequestMatcher paths(String... patterns) {
        RequestMatcher[] matchers = new RequestMatcher[patterns.length];
        for (int i = 0; i < patterns.length; i++) {
            matchers[i] = PATHS.matcher(patterns[i]);
        }
        return new OrRequestMatcher(matchers);
    }

    static RequestMatcher reads(String pattern) {
        return new OrRequestMatcher(PATHS.matcher(HttpMethod.GET, pattern), PATHS.matcher(HttpMethod.HEAD, pattern));
    }
}
