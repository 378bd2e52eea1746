package dev.tokenauthority.command.project;

import dev.tokenauthority.events.project.ProjectPolicySet;
import dev.tokenauthority.events.project.SupersededUsePolicy;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The command side's table of project policies ({@code project_policy}). Its processing group runs subscribing: in
 * the transaction that appends the policy event, so a signal handled after an owner's call meets the new policy.
 * What {@code GET …/policy} shows is read here too: the policy that is enforced, not a copy that may lag.
 */
@Component
@ProcessingGroup(ProjectPolicyDirectory.PROCESSING_GROUP)
class ProjectPolicyDirectory implements ProjectPolicies {

    static final String PROCESSING_GROUP = "project-policy-directory";

    private final JdbcTemplate jdbc;

    ProjectPolicyDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ProjectPolicySet event) {
        if (jdbc.update("UPDATE project_policy SET on_superseded_use = ? WHERE project_id = ?",
                event.onSupersededUse().value(), event.projectId()) == 0) {
            jdbc.update("INSERT INTO project_policy (project_id, on_superseded_use) VALUES (?, ?)",
                    event.projectId(), event.onSupersededUse().value());
        }
    }

    @Override
    public SupersededUsePolicy onSupersededUse(String projectId) {
        List<String> found = jdbc.queryForList("SELECT on_superseded_use FROM project_policy WHERE project_id = ?",
                String.class, projectId);
        SupersededUsePolicy policy = found.isEmpty() ? null : SupersededUsePolicy.fromValue(found.get(0));
        return policy == null ? DEFAULT_ON_SUPERSEDED_USE : policy;
    }
}
