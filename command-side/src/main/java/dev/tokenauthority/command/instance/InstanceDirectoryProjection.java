package dev.tokenauthority.command.instance;

import dev.tokenauthority.events.instance.InstanceDeleted;
import dev.tokenauthority.events.instance.InstanceRegistered;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The command side's own set of live instances (table {@code instance_directory}), for set-based validation.
 * Its processing group runs subscribing: in the transaction that appends the instance event, never behind it.
 */
@Component
@ProcessingGroup(InstanceDirectoryProjection.PROCESSING_GROUP)
class InstanceDirectoryProjection implements InstanceDirectory {

    static final String PROCESSING_GROUP = "instance-directory";

    private final JdbcTemplate jdbc;

    InstanceDirectoryProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(InstanceRegistered event) {
        if (jdbc.update("UPDATE instance_directory SET project_id = ?, region_id = ?, deleted = FALSE WHERE instance_id = ?",
                event.projectId(), event.regionId(), event.instanceId()) == 0) {
            jdbc.update("INSERT INTO instance_directory (instance_id, project_id, region_id, deleted) VALUES (?, ?, ?, FALSE)",
                    event.instanceId(), event.projectId(), event.regionId());
        }
    }

    @EventHandler
    void on(InstanceDeleted event) {
        jdbc.update("UPDATE instance_directory SET deleted = TRUE WHERE instance_id = ?", event.instanceId());
    }

    @Override
    public boolean exists(String projectId, String regionId, String instanceId) {
        Integer found = jdbc.queryForObject("SELECT COUNT(*) FROM instance_directory"
                + " WHERE instance_id = ? AND project_id = ? AND region_id = ? AND deleted = FALSE",
                Integer.class, instanceId, projectId, regionId);
        return found != null && found > 0;
    }
}
