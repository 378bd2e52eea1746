package dev.tokenauthority.query.catalogue;

import static dev.tokenauthority.query.catalogue.TokenCatalogue.utc;

import dev.tokenauthority.events.token.TokenCreated;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes the token catalogue's rows into one of its two tables: the live one (the live processor), or the standby
 * one (a rebuild, which starts from an empty table and so inserts each batch's new rows in one JDBC batch). Every
 * write is idempotent: delivery is at least once.
 */
final class TokenRows {

    private static final String INSERT = "INSERT INTO %s (token_id, project_id, region_id, instance_id, name,"
            + " description, labels, created_at, valid_until, expired, role, selector)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?, ?)";

    private final JdbcTemplate jdbc;
    private final TokenCatalogue json;
    private final Supplier<String> table;
    private final boolean batchInserts;
    private final String pendingInsertsKey = TokenRows.class.getName() + ".pending." + System.identityHashCode(this);

    TokenRows(JdbcTemplate jdbc, TokenCatalogue json, Supplier<String> table, boolean batchInserts) {
        this.jdbc = jdbc;
        this.json = json;
        this.table = table;
        this.batchInserts = batchInserts;
    }

    void upsert(TokenCreated event) {
        if (batchInserts && CurrentUnitOfWork.isStarted()) {
            pendingInserts().add(event);
            return;
        }
        String labelJson = json.toJson(event.labels());
        String selectorJson = event.isInstanceToken() ? null : json.toJson(event.selector());
        int updated = jdbc.update("UPDATE " + table.get() + " SET project_id = ?, region_id = ?, instance_id = ?,"
                        + " name = ?, description = ?, labels = ?, created_at = ?, valid_until = ?,"
                        + " last_regenerated_at = NULL, expired = FALSE, role = ?, selector = ?, leak_reported_at = NULL"
                        + " WHERE token_id = ?",
                event.projectId(), event.regionId(), event.instanceId(), event.name(), event.description(), labelJson,
                utc(event.createdAt()), utc(event.validUntil()), event.role().value(), selectorJson, event.tokenId());
        if (updated == 0) {
            jdbc.update(INSERT.formatted(table.get()), insertValues(event));
        }
    }

    void rename(String tokenId, String name, String description) {
        flushPendingInserts();
        jdbc.update("UPDATE " + table.get() + " SET name = ?, description = ? WHERE token_id = ?", name, description, tokenId);
    }

    void regenerated(String tokenId, Instant at) {
        flushPendingInserts();
        // A new secret answers a leak report made before it: the flag goes (one made after it stays).
        jdbc.update("UPDATE " + table.get() + " SET last_regenerated_at = ?, leak_reported_at = CASE WHEN"
                + " leak_reported_at <= ? THEN NULL ELSE leak_reported_at END WHERE token_id = ?", utc(at), utc(at), tokenId);
    }

    /** The latest report wins, whatever order a redelivery brings them in. */
    void leakReported(String tokenId, Instant at) {
        flushPendingInserts();
        jdbc.update("UPDATE " + table.get() + " SET leak_reported_at = ? WHERE token_id = ?"
                + " AND (leak_reported_at IS NULL OR leak_reported_at < ?)", utc(at), tokenId, utc(at));
    }

    void expired(String tokenId) {
        flushPendingInserts();
        jdbc.update("UPDATE " + table.get() + " SET expired = TRUE WHERE token_id = ?", tokenId);
    }

    void remove(String tokenId) {
        flushPendingInserts();
        jdbc.update("DELETE FROM " + table.get() + " WHERE token_id = ?", tokenId);
    }

    private Object[] insertValues(TokenCreated event) {
        return new Object[] {event.tokenId(), event.projectId(), event.regionId(), event.instanceId(), event.name(),
                event.description(), json.toJson(event.labels()), utc(event.createdAt()), utc(event.validUntil()),
                event.role().value(), event.isInstanceToken() ? null : json.toJson(event.selector())};
    }

    /** The rows this batch created so far; inserted before any other write of the batch and at its commit. */
    private List<TokenCreated> pendingInserts() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(pendingInsertsKey, key -> {
            List<TokenCreated> pending = new ArrayList<>();
            unitOfWork.onPrepareCommit(u -> flush(pending));
            return pending;
        });
    }

    private void flushPendingInserts() {
        if (batchInserts && CurrentUnitOfWork.isStarted()) {
            List<TokenCreated> pending = CurrentUnitOfWork.get().root().getResource(pendingInsertsKey);
            if (pending != null) {
                flush(pending);
            }
        }
    }

    private void flush(List<TokenCreated> pending) {
        if (!pending.isEmpty()) {
            jdbc.batchUpdate(INSERT.formatted(table.get()), pending.stream().map(this::insertValues).toList());
            pending.clear();
        }
    }
}
