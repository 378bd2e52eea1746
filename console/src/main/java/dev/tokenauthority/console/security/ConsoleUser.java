package dev.tokenauthority.console.security;

import dev.tokenauthority.edge.admin.AdminAuthentication;
import dev.tokenauthority.events.access.ProjectRole;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * Who is signed in to the console: what their credential may do (as the admin API decided at sign-in) and the
 * credential itself, which stays in the server's memory (the HTTP session) to call the admin API on their behalf.
 * It is never sent to the browser, never written to disk (sessions are not persisted) and never logged.
 */
public final class ConsoleUser extends AbstractAuthenticationToken {

    private final AdminAuthentication admin;
    private final transient String credential;

    ConsoleUser(AdminAuthentication admin, String credential) {
        super(admin.getAuthorities());
        this.admin = admin;
        this.credential = credential;
        setAuthenticated(true);
    }

    /** The audit trail's name for them: {@code admin:…}, {@code service-account:…}, {@code oidc:…}. */
    public String actor() {
        return admin.actor();
    }

    public boolean isClusterAdmin() {
        return admin.isClusterAdmin();
    }

    /** Whether the console should offer what {@code needed} may do in {@code projectId} (the API decides anyway). */
    public boolean may(String projectId, ProjectRole needed) {
        return admin.may(projectId, needed);
    }

    /** The projects to offer: those the credential has a role in. */
    public Set<String> projects() {
        return new TreeSet<>(admin.projects().keySet());
    }

    /** For {@code AdminApi} only. */
    public String credential() {
        return credential;
    }

    @Override
    public Object getPrincipal() {
        return admin.actor();
    }

    @Override
    public Object getCredentials() {
        return null; // see credential(): not for Spring Security's eyes, which may copy or log an Authentication
    }

    @Override
    public String toString() {
        return "ConsoleUser[" + admin.actor() + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConsoleUser that && admin.equals(that.admin);
    }

    @Override
    public int hashCode() {
        return admin.hashCode();
    }
}
