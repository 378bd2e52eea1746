package dev.tokenauthority.query.catalogue;

import dev.tokenauthority.events.instance.InstanceDeleted;
import dev.tokenauthority.events.instance.InstanceRegistered;
import dev.tokenauthority.events.instance.InstanceRelabelled;
import dev.tokenauthority.events.instance.InstanceStarted;
import dev.tokenauthority.events.instance.InstanceStopped;
import dev.tokenauthority.events.readmodel.FindInstance;
import dev.tokenauthority.events.readmodel.InstanceView;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** Keeps {@link InstanceCatalogue} in step with instance events; same processor, hence same position, as tokens. */
@Component
@ProcessingGroup(CatalogueProjection.PROCESSING_GROUP)
public class InstanceCatalogueProjection {

    private final InstanceCatalogue catalogue;
    private final InstanceRows rows;

    @Autowired
    public InstanceCatalogueProjection(InstanceCatalogue catalogue) {
        this(catalogue, catalogue.liveRows());
    }

    /** A projection into {@code rows}: the live table's, or a rebuild's. */
    InstanceCatalogueProjection(InstanceCatalogue catalogue, InstanceRows rows) {
        this.catalogue = catalogue;
        this.rows = rows;
    }

    @EventHandler
    public void on(InstanceRegistered event) {
        rows.upsert(event);
    }

    @EventHandler
    public void on(InstanceRelabelled event) {
        rows.relabel(event.instanceId(), event.labels());
    }

    @EventHandler
    public void on(InstanceStarted event) {
        rows.running(event.instanceId(), true);
    }

    @EventHandler
    public void on(InstanceStopped event) {
        rows.running(event.instanceId(), false);
    }

    @EventHandler
    public void on(InstanceDeleted event) {
        rows.remove(event.instanceId());
    }

    @QueryHandler
    Optional<InstanceView> handle(FindInstance query) {
        return catalogue.find(query.projectId(), query.regionId(), query.instanceId());
    }
}
