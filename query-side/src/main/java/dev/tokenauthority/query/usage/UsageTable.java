package dev.tokenauthority.query.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenauthority.query.batch.InChunks;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code token_usage}: per token, the latest use any node flushed and the last distinct addresses with their times.
 * Nodes merge into it under a row lock (read for update, merge, write), in chunks, so two nodes flushing the same
 * token never lose each other's addresses.
 */
@Repository
public class UsageTable {

    private static final int CHUNK = 500;
    private static final TypeReference<List<RecentUse.Seen>> SEEN = new TypeReference<>() { };

    /** A stored row: epoch milliseconds, and the addresses most recent first. */
    record Row(long lastUsedAt, List<RecentUse.Seen> addresses) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ObjectMapper json = new ObjectMapper();

    public UsageTable(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    Map<String, Row> read(Collection<String> tokenIds) {
        return select(tokenIds, "");
    }

    void merge(Map<String, RecentUse> uses) {
        List<String> ids = new ArrayList<>(uses.keySet());
        ids.sort(null); // one lock order on every node
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            try {
                transactions.executeWithoutResult(tx -> mergeChunk(chunk, uses));
            } catch (DuplicateKeyException anotherNodeInsertedFirst) {
                transactions.executeWithoutResult(tx -> mergeChunk(chunk, uses)); // now they are rows to update
            }
        }
    }

    private void mergeChunk(List<String> ids, Map<String, RecentUse> uses) {
        Map<String, Row> stored = select(ids, " ORDER BY token_id FOR UPDATE");
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> inserts = new ArrayList<>();
        for (String tokenId : ids) {
            RecentUse use = uses.get(tokenId);
            Row row = stored.get(tokenId);
            long at = Math.max(use.lastUsedAt(), row == null ? 0 : row.lastUsedAt());
            String addresses = toJson(RecentUse.merge(use.addresses(), row == null ? List.of() : row.addresses()));
            OffsetDateTime time = Instant.ofEpochMilli(at).atOffset(ZoneOffset.UTC);
            (row == null ? inserts : updates).add(row == null ? new Object[] {tokenId, time, addresses}
                    : new Object[] {time, addresses, tokenId});
        }
        if (!updates.isEmpty()) {
            jdbc.batchUpdate("UPDATE token_usage SET last_used_at = ?, last_used_from = ? WHERE token_id = ?", updates);
        }
        if (!inserts.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO token_usage (token_id, last_used_at, last_used_from) VALUES (?, ?, ?)", inserts);
        }
    }

    private Map<String, Row> select(Collection<String> ids, String suffix) {
        Map<String, Row> rows = new HashMap<>();
        InChunks.query(jdbc, "SELECT token_id, last_used_at, last_used_from FROM token_usage WHERE token_id IN (%s)" + suffix,
                ids, rs -> {
                    OffsetDateTime at = rs.getObject(2, OffsetDateTime.class);
                    rows.put(rs.getString(1), new Row(at.toInstant().toEpochMilli(), fromJson(rs.getString(3))));
                });
        return rows;
    }

    private String toJson(List<RecentUse.Seen> seen) {
        try {
            return json.writeValueAsString(seen);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("addresses and times always serialise", e);
        }
    }

    private List<RecentUse.Seen> fromJson(String text) {
        try {
            return json.readValue(text, SEEN);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("token_usage holds what this class wrote", e);
        }
    }
}
