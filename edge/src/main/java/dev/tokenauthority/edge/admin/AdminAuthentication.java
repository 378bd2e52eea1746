package dev.tokenauthority.edge.admin;

import dev.tokenauthority.events.access.ProjectRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Who called the admin API, once authenticated, and what they may do: the cluster administrator (every call), a
 * role in some projects (a service account: one project; an identity provider's user: those its roles claim
 * names), or an operator token's right to manage the one instance of the call. Never carries what was presented.
 *
 * <p>{@link #actor()} is what the audit trail records: {@code admin:<name>}, {@code service-account:<id>},
 * {@code oidc:<subject>} or {@code token:<id>}.
 */
public final class AdminAuthentication extends AbstractAuthenticationToken {

    /** The instance an operator token may manage in this call. */
    record ManagedInstance(String projectId, String regionId, String instanceId) {
    }

    static final int MAX_ACTOR_LENGTH = 200; // the audit trail's column

    private final String actor;
    private final boolean clusterAdmin;
    private final Map<String, ProjectRole> projects;
    private final ManagedInstance manageable;

    private AdminAuthentication(String actor, boolean clusterAdmin, Map<String, ProjectRole> projects,
                                ManagedInstance manageable) {
        super(authorities(clusterAdmin, projects, manageable));
        this.actor = actor.length() > MAX_ACTOR_LENGTH ? actor.substring(0, MAX_ACTOR_LENGTH) : actor;
        this.clusterAdmin = clusterAdmin;
        this.projects = Map.copyOf(projects);
        this.manageable = manageable;
        setAuthenticated(true);
    }

    static AdminAuthentication clusterAdmin(String name) {
        return new AdminAuthentication("admin:" + name, true, Map.of(), null);
    }

    static AdminAuthentication serviceAccount(String id, String projectId, ProjectRole role) {
        return new AdminAuthentication("service-account:" + id, false, Map.of(projectId, role), null);
    }

    static AdminAuthentication identityProviderUser(String subject, Map<String, ProjectRole> projects) {
        return new AdminAuthentication("oidc:" + subject, false, projects, null);
    }

    /** An operator token; {@code manageable} null when it does not cover the call's instance with that role. */
    static AdminAuthentication operatorToken(String tokenId, ManagedInstance manageable) {
        return new AdminAuthentication("token:" + tokenId, false, Map.of(), manageable);
    }

    public String actor() {
        return actor;
    }

    public boolean isClusterAdmin() {
        return clusterAdmin;
    }

    /** The projects this caller has a role in (none for the cluster administrator, who may act in every one). */
    public Map<String, ProjectRole> projects() {
        return projects;
    }

    /** Whether this caller may do in {@code projectId} what {@code needed} may. */
    public boolean may(String projectId, ProjectRole needed) {
        if (clusterAdmin) {
            return true;
        }
        ProjectRole role = projects.get(projectId);
        return role != null && role.includes(needed);
    }

    /** Whether this caller may start, stop or delete that instance. */
    boolean mayManage(String projectId, String regionId, String instanceId) {
        return may(projectId, ProjectRole.EDITOR)
                || new ManagedInstance(projectId, regionId, instanceId).equals(manageable);
    }

    @Override
    public Object getPrincipal() {
        return actor;
    }

    @Override
    public Object getCredentials() {
        return null; // never kept: the key or token stays where it was checked
    }

    @Override
    public String getName() {
        return actor;
    }

    private static List<GrantedAuthority> authorities(boolean clusterAdmin, Map<String, ProjectRole> projects,
                                                      ManagedInstance manageable) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        if (clusterAdmin) {
            authorities.add(new SimpleGrantedAuthority("cluster-admin"));
        }
        projects.forEach((project, role) -> authorities.add(new SimpleGrantedAuthority("project:" + project + ":" + role.value())));
        if (manageable != null) {
            authorities.add(new SimpleGrantedAuthority("manage:" + manageable.projectId() + "/" + manageable.regionId()
                    + "/" + manageable.instanceId()));
        }
        return authorities;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AdminAuthentication that && actor.equals(that.actor) && super.equals(other);
    }

    @Override
    public int hashCode() {
        return actor.hashCode();
    }
}
