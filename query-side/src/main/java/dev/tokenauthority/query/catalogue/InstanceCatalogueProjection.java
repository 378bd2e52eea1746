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
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/** Keeps {@link InstanceCatalogue} in step with instance events; same processor, hence same position, as tokens. */
@Component
@ProcessingGroup(CatalogueProjection.PROCESSING_GROUP)
public class InstanceCatalogueProjection {

    private final InstanceCatalogue catalogue;

    public InstanceCatalogueProjection(InstanceCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @EventHandler
    public void on(InstanceRegistered event) {
        catalogue.upsert(event);
    }

    @EventHandler
    public void on(InstanceRelabelled event) {
        catalogue.relabel(event.instanceId(), event.labels());
    }

    @EventHandler
    public void on(InstanceStarted event) {
        catalogue.running(event.instanceId(), true);
    }

    @EventHandler
    public void on(InstanceStopped event) {
        catalogue.running(event.instanceId(), false);
    }

    @EventHandler
    public void on(InstanceDeleted event) {
        catalogue.remove(event.instanceId());
    }

    /** A replay rebuilds beside the rows the API keeps reading; {@code ReadModelReplay} swaps them. */
    @ResetHandler
    public void onReset() {
        catalogue.beginRebuild();
    }

    @QueryHandler
    Optional<InstanceView> handle(FindInstance query) {
        return catalogue.find(query.projectId(), query.regionId(), query.instanceId());
    }
}
