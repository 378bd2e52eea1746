package dev.tokenauthority.query.catalogue;

import static dev.tokenauthority.query.catalogue.TokenCatalogue.utc;

import dev.tokenauthority.events.signal.LatestDistinct;
import dev.tokenauthority.events.token.TokenCreated;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes the token catalogue's rows into one of its two tables: the live one (the live processor), or the standby
 * one (a rebuild, which starts from an empty table and so only inserts new rows). Each batch's writes are sent at
 * its commit ({@link BatchedStatements}). Every write is idempotent: delivery is at least once.
 */
final class TokenRows {

    private static final String INSERT = "INSERT INTO %s (token_id, project_id, region_id, instance_id, name,"
            + " description, labels, created_at, valid_until, expired, role, selector)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?, ?)";

    private final JdbcTemplate jdbc;
    private final TokenCatalogue json;
    private final Supplier<String> table;
    private final boolean batchInserts;
    private final BatchedStatements statements;

    TokenRows(JdbcTemplate jdbc, TokenCatalogue json, Supplier<String> table, boolean batchInserts) {
        this.jdbc = jdbc;
        this.json = json;
        this.table = table;
        this.batchInserts = batchInserts;
        this.statements = new BatchedStatements(jdbc);
    }

    void upsert(TokenCreated event) {
        if (batchInserts) { // a rebuild's table starts empty
            statements.add(INSERT.formatted(table.get()), insertValues(event));
            return;
        }
        statements.flush(); // the update's count decides
        String labelJson = json.toJson(event.labels());
        String selectorJson = event.isInstanceToken() ? null : json.toJson(event.selector());
        int updated = jdbc.update("UPDATE " + table.get() + " SET project_id = ?, region_id = ?, instance_id = ?,"
                        + " name = ?, description = ?, labels = ?, created_at = ?, valid_until = ?,"
                        + " last_regenerated_at = NULL, expired = FALSE, role = ?, selector = ?, leak_reported_at = NULL,"
                        + " superseded_used_at = NULL, superseded_uses = 0, superseded_used_from = NULL,"
                        + " superseded_used_through = NULL, expiry_warned_lead_seconds = NULL, expiry_warned_at = NULL,"
                        + " allowed_networks = NULL, disallowed_used_at = NULL, disallowed_uses = 0,"
                        + " disallowed_used_from = NULL, disallowed_used_through = NULL"
                        + " WHERE token_id = ?",
                event.projectId(), event.regionId(), event.instanceId(), event.name(), event.description(), labelJson,
                utc(event.createdAt()), utc(event.validUntil()), event.role().value(), selectorJson, event.tokenId());
        if (updated == 0) {
            jdbc.update(INSERT.formatted(table.get()), insertValues(event));
        }
    }

    void rename(String tokenId, String name, String description) {
        statements.add("UPDATE " + table.get() + " SET name = ?, description = ? WHERE token_id = ?", name, description, tokenId);
    }

    void regenerated(String tokenId, Instant at) {
        // A new secret answers a leak report made before it: the flag goes (one made after it stays).
        statements.add("UPDATE " + table.get() + " SET last_regenerated_at = ?, leak_reported_at = CASE WHEN"
                + " leak_reported_at <= ? THEN NULL ELSE leak_reported_at END WHERE token_id = ?", utc(at), utc(at), tokenId);
    }

    /** The latest report wins, whatever order a redelivery brings them in. */
    void leakReported(String tokenId, Instant at) {
        statements.add("UPDATE " + table.get() + " SET leak_reported_at = ? WHERE token_id = ?"
                + " AND (leak_reported_at IS NULL OR leak_reported_at < ?)", utc(at), tokenId, utc(at));
    }

    /** A leak signal: superseded secrets presented ({@link #addSignal}). */
    void supersededSecretUsed(String tokenId, Instant lastSeenAt, long uses, List<String> from, List<String> through) {
        addSignal("superseded_used", "superseded_uses", tokenId, lastSeenAt, uses, from, through);
    }

    /** Its secret presented from outside its allowed networks ({@link #addSignal}). */
    void disallowedAddressUsed(String tokenId, Instant lastSeenAt, long uses, List<String> from, List<String> through) {
        addSignal("disallowed_used", "disallowed_uses", tokenId, lastSeenAt, uses, from, through);
    }

    /** The networks it may be used from; empty: any (NULL). */
    void allowedNetworks(String tokenId, List<String> cidrs) {
        statements.add("UPDATE " + table.get() + " SET allowed_networks = ? WHERE token_id = ?",
                cidrs.isEmpty() ? null : String.join("\n", cidrs), tokenId);
    }

    /**
     * A signal on the token, in the columns {@code <prefix>_at|_from|_through} and {@code uses}: times and the count
     * add up over all signals (the processor's position is stored with these rows, so an event is applied once);
     * addresses and ways are the last distinct of all its signals, the latest first
     * ({@link LatestDistinct}): a node sends the uses it gathers in several signals (the first within seconds,
     * then one a minute), and so do other nodes, so one signal's addresses are not all the token's.
     */
    private void addSignal(String prefix, String uses, String tokenId, Instant lastSeenAt, long count, List<String> from,
                           List<String> through) {
        statements.flush(); // the merge reads what this batch wrote before
        String at = prefix + "_at";
        List<SignalSoFar> rows = jdbc.query("SELECT " + at + ", " + prefix + "_from, " + prefix + "_through FROM "
                        + table.get() + " WHERE token_id = ?",
                (rs, n) -> new SignalSoFar(TokenCatalogue.instant(rs, at), lines(rs.getString(prefix + "_from")),
                        lines(rs.getString(prefix + "_through"))), tokenId);
        if (rows.isEmpty()) {
            return; // revoked or deleted meanwhile (a redelivery): nothing to show it on
        }
        SignalSoFar before = rows.get(0);
        boolean latest = before.at() == null || !lastSeenAt.isBefore(before.at());
        jdbc.update("UPDATE " + table.get() + " SET " + uses + " = " + uses + " + ?, " + prefix + "_from = ?, "
                        + prefix + "_through = ?, " + at + " = ? WHERE token_id = ?",
                count, joined(latest, from, before.from()), joined(latest, through, before.through()),
                utc(latest ? lastSeenAt : before.at()), tokenId);
    }

    /** This signal's values and those stored, the later first ({@code latest}: this signal's), one per line. */
    private static String joined(boolean latest, List<String> signal, List<String> stored) {
        return String.join("\n", latest ? LatestDistinct.merged(signal, stored) : LatestDistinct.merged(stored, signal));
    }

    /** What the token's signal of one kind showed before this one. */
    private record SignalSoFar(Instant at, List<String> from, List<String> through) {
    }

    /** An expiry warning: the closest lead time warned of is the one shown. */
    void expiryWarned(String tokenId, java.time.Duration lead, Instant at) {
        statements.add("UPDATE " + table.get() + " SET expiry_warned_lead_seconds = ?, expiry_warned_at = ? WHERE token_id = ?"
                + " AND (expiry_warned_lead_seconds IS NULL OR expiry_warned_lead_seconds > ?)",
                lead.toSeconds(), utc(at), tokenId, lead.toSeconds());
    }

    /** What {@link #addSignal} and {@link #allowedNetworks} joined: one value per line. */
    static List<String> lines(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split("\n"));
    }

    void expired(String tokenId) {
        statements.add("UPDATE " + table.get() + " SET expired = TRUE WHERE token_id = ?", tokenId);
    }

    void remove(String tokenId) {
        statements.add("DELETE FROM " + table.get() + " WHERE token_id = ?", tokenId);
    }

    private Object[] insertValues(TokenCreated event) {
        return new Object[] {event.tokenId(), event.projectId(), event.regionId(), event.instanceId(), event.name(),
                event.description(), json.toJson(event.labels()), utc(event.createdAt()), utc(event.validUntil()),
                event.role().value(), event.isInstanceToken() ? null : json.toJson(event.selector())};
    }
}
