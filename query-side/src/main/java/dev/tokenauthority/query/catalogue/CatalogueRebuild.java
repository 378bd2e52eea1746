package dev.tokenauthority.query.catalogue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenauthority.query.rebuild.RebuildableModel;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The catalogue (tokens and instances, one processor) rebuilt into its standby tables while the API reads, and the
 * live processor writes, the live ones; the switch makes the standby tables live in one transaction, without copying
 * a row. The replaced tables keep their rows until the next rebuild empties them: a read that chose its table just
 * before the switch still finds a whole catalogue, and the replay compares them with the rebuilt ones.
 */
@Component
class CatalogueRebuild implements RebuildableModel {

    private final TokenCatalogue tokens;
    private final InstanceCatalogue instances;
    private final CatalogueDigest digests;
    private final TransactionTemplate transactions;

    CatalogueRebuild(TokenCatalogue tokens, InstanceCatalogue instances, JdbcTemplate jdbc, ObjectMapper json,
                     TransactionTemplate transactions) {
        this.tokens = tokens;
        this.instances = instances;
        this.digests = new CatalogueDigest(jdbc, json);
        this.transactions = transactions;
    }

    @Override
    public String processingGroup() {
        return CatalogueProjection.PROCESSING_GROUP;
    }

    @Override
    public List<Object> beginRebuild() {
        return List.of(new CatalogueProjection(tokens, tokens.rebuildRows()),
                new InstanceCatalogueProjection(instances, instances.rebuildRows()));
    }

    @Override
    public void switchToRebuilt() {
        transactions.executeWithoutResult(tx -> {
            tokens.promoteRebuilt();
            instances.promoteRebuilt();
        });
    }

    @Override
    public String digest() {
        return digests.digest(tokens.liveTable(), instances.liveTable());
    }

    @Override
    public String replacedDigest() {
        return digests.digest(tokens.standbyTable(), instances.standbyTable());
    }
}
