package dev.tokenauthority.query.catalogue;

import dev.tokenauthority.events.token.TokenCreated;
import dev.tokenauthority.events.token.TokenExpired;
import dev.tokenauthority.events.token.DisallowedAddressUsed;
import dev.tokenauthority.events.token.SupersededSecretUsed;
import dev.tokenauthority.events.token.TokenAllowedNetworksSet;
import dev.tokenauthority.events.token.TokenExpiryWarned;
import dev.tokenauthority.events.token.TokenLeakReported;
import dev.tokenauthority.events.token.TokenRegenerated;
import dev.tokenauthority.events.token.TokenRenamed;
import dev.tokenauthority.events.token.TokenRevoked;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Keeps {@link TokenCatalogue} in step with token events. Its tracking token is stored in the same database
 * transaction as its rows, so it resumes where it stopped after a restart. Every handler is idempotent:
 * delivery is at least once.
 */
@Component
@ProcessingGroup(CatalogueProjection.PROCESSING_GROUP)
public class CatalogueProjection {

    public static final String PROCESSING_GROUP = "catalogue";

    private final TokenCatalogue catalogue;
    private final TokenRows rows;

    @Autowired
    public CatalogueProjection(TokenCatalogue catalogue) {
        this(catalogue, catalogue.liveRows());
    }

    /** A projection into {@code rows}: the live table's, or a rebuild's. */
    CatalogueProjection(TokenCatalogue catalogue, TokenRows rows) {
        this.catalogue = catalogue;
        this.rows = rows;
    }

    @EventHandler
    public void on(TokenCreated event) {
        rows.upsert(event);
    }

    @EventHandler
    public void on(TokenRenamed event) {
        rows.rename(event.tokenId(), event.name(), event.description());
    }

    @EventHandler
    public void on(TokenRegenerated event) {
        rows.regenerated(event.tokenId(), event.regeneratedAt());
    }

    @EventHandler
    public void on(TokenLeakReported event) {
        rows.leakReported(event.tokenId(), event.reportedAt());
    }

    @EventHandler
    public void on(TokenExpiryWarned event) {
        rows.expiryWarned(event.tokenId(), event.lead(), event.warnedAt());
    }

    @EventHandler
    public void on(SupersededSecretUsed event) {
        rows.supersededSecretUsed(event.tokenId(), event.lastSeenAt(), event.uses(), event.from(), event.through());
    }

    @EventHandler
    public void on(TokenAllowedNetworksSet event) {
        rows.allowedNetworks(event.tokenId(), event.allowedNetworks());
    }

    @EventHandler
    public void on(DisallowedAddressUsed event) {
        rows.disallowedAddressUsed(event.tokenId(), event.lastSeenAt(), event.uses(), event.from(), event.through());
    }

    @EventHandler
    public void on(TokenExpired event) {
        rows.expired(event.tokenId());
    }

    @EventHandler
    public void on(TokenRevoked event) {
        rows.remove(event.tokenId());
    }

    /** The catalogue it writes, for what reads it. */
    TokenCatalogue catalogue() {
        return catalogue;
    }
}
