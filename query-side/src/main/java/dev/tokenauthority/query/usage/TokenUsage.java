package dev.tokenauthority.query.usage;

import dev.tokenauthority.events.readmodel.TokenView;
import dev.tokenauthority.query.flush.PeriodicFlusher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * When and from where each token was last used ({@code lastUsedAt}, {@code lastUsedFrom}), without a database write
 * per verification: an allowed verification only updates this node's in-memory {@link RecentUse} of the token; every
 * {@code token-authority.usage.flush-interval} (5 s) the node merges into {@link UsageTable}, which every node of a
 * cluster shares, the tokens whose use says something new: a first use, another most recent caller or one not
 * written before, or a time at least {@code token-authority.usage.resolution} (1 min) after the one this node last wrote for the token. A token
 * used all the time from the same callers is written once per resolution, not once per flush (the flush of every
 * busy token every 5 s cost verify several per cent of its throughput: the writes, and the JIT compiling the
 * database's code that they kept hot). Reads merge the table with what this node has not written yet, so they are
 * exact on the node that saw the use, and at most one resolution behind on the others.
 *
 * <p>What a crash can lose: a first use or new addresses this node saw since its last flush (at most one interval),
 * the advance of a known token's time since its last write (at most one resolution: the time shown stays one this
 * token was really used at), and a use racing a flush of the same token; a clean stop writes everything. Usage is
 * telemetry, not history: it is not in the event store, so a replay keeps it and the audit trail does not list every
 * verification.
 */
@Component
public class TokenUsage extends PeriodicFlusher {

    private static final Logger log = LoggerFactory.getLogger(TokenUsage.class);

    /** What the API shows: {@code lastUsedFrom} most recent first, at most {@link RecentUse#MAX_ADDRESSES}. */
    public record Usage(Instant lastUsedAt, List<String> lastUsedFrom) {
    }

    /** What this node last wrote for a token: its time (epoch milliseconds) and addresses, most recent first. */
    private record Written(long lastUsedAt, List<RecentUse.Seen> seen) {

        boolean includes(String address) {
            return seen.stream().anyMatch(written -> written.address().equals(address));
        }
    }

    private final ConcurrentHashMap<String, RecentUse> unflushed = new ConcurrentHashMap<>();
    // Only the flusher thread touches it; entries older than a resolution are dropped, as they decide nothing.
    private final Map<String, Written> written = new HashMap<>();
    private final UsageTable table;
    private final Clock clock;
    private final long resolutionMillis;
    private final boolean recording;

    public TokenUsage(UsageTable table, Clock clock,
                      @Value("${token-authority.usage.flush-interval:5s}") Duration interval,
                      @Value("${token-authority.usage.resolution:1m}") Duration resolution,
                      @Value("${token-authority.usage.recording:true}") boolean recording) {
        super("token-usage-flush", interval);
        this.table = table;
        this.clock = clock;
        this.resolutionMillis = resolution.toMillis();
        this.recording = recording;
    }

    /**
     * An allowed verification of {@code tokenId} for {@code address}: memory only. With
     * {@code token-authority.usage.recording=false}, nothing (no token shows a use; what was stored stays).
     */
    public void record(String tokenId, String address) {
        if (!recording) {
            return;
        }
        RecentUse use = unflushed.get(tokenId);
        if (use == null) {
            use = unflushed.computeIfAbsent(tokenId, id -> new RecentUse());
        }
        use.record(address, clock.millis());
    }

    /** The views with their usage ({@code lastUsedAt}, {@code lastUsedFrom}), in the same order. */
    public List<TokenView> addTo(List<TokenView> views) {
        Map<String, Usage> usage = of(views.stream().map(TokenView::id).toList());
        return views.stream().map(view -> {
            Usage used = usage.get(view.id());
            return used == null ? view : view.withUsage(used.lastUsedAt(), used.lastUsedFrom());
        }).toList();
    }

    /** One view with its usage. */
    public TokenView addTo(TokenView view) {
        return addTo(List.of(view)).get(0);
    }

    /** The usage of each of {@code tokenIds} that was ever used; the others are absent. */
    public Map<String, Usage> of(Collection<String> tokenIds) {
        Map<String, UsageTable.Row> rows = tokenIds.isEmpty() ? Map.of() : table.read(tokenIds);
        Map<String, Usage> usage = new HashMap<>();
        for (String tokenId : tokenIds) {
            UsageTable.Row row = rows.get(tokenId);
            RecentUse local = unflushed.get(tokenId);
            long at = Math.max(row == null ? 0 : row.lastUsedAt(), local == null ? 0 : local.lastUsedAt());
            if (at == 0) {
                continue;
            }
            List<RecentUse.Seen> seen = RecentUse.merge(row == null ? List.of() : row.addresses(),
                    local == null ? List.of() : local.addresses());
            usage.put(tokenId, new Usage(Instant.ofEpochMilli(at), seen.stream().map(RecentUse.Seen::address).toList()));
        }
        return usage;
    }

    /**
     * Writes the uses that say something new since this node's last write of their token (see the class comment);
     * keeps the others in memory, and on failure keeps everything for the next flush.
     */
    public void flush() {
        flush(false);
    }

    /** Writes every use this node has not written yet (a clean stop), whatever the resolution. */
    public void flushAll() {
        flush(true);
    }

    private synchronized void flush(boolean all) {
        long now = clock.millis();
        written.values().removeIf(last -> now - last.lastUsedAt() >= resolutionMillis);
        Map<String, RecentUse> batch = new HashMap<>();
        for (Map.Entry<String, RecentUse> entry : unflushed.entrySet()) {
            if (all || isNews(entry.getKey(), entry.getValue())) {
                batch.put(entry.getKey(), entry.getValue());
            }
        }
        batch.keySet().removeIf(tokenId -> unflushed.remove(tokenId) == null);
        if (batch.isEmpty()) {
            return;
        }
        try {
            table.merge(batch);
            batch.forEach((tokenId, use) -> written.merge(tokenId, new Written(use.lastUsedAt(), use.addresses()),
                    (earlier, latest) -> new Written(latest.lastUsedAt(), RecentUse.merge(latest.seen(), earlier.seen()))));
        } catch (RuntimeException e) { // a refused statement, or no connection or transaction at all
            log.warn("token usage not written ({} tokens), kept for the next flush: {}", batch.size(), e.getMessage());
            batch.forEach((tokenId, earlier) -> unflushed.merge(tokenId, earlier, (since, failed) -> {
                since.absorb(failed);
                return since;
            }));
        }
    }

    /**
     * Whether the use since this node last wrote the token is worth a write: a first use, a time a resolution later,
     * another most recent caller, or a caller not among those written (an order among known callers within one
     * resolution is not).
     */
    private boolean isNews(String tokenId, RecentUse use) {
        Written last = written.get(tokenId);
        if (last == null || use.lastUsedAt() - last.lastUsedAt() >= resolutionMillis) {
            return true;
        }
        List<RecentUse.Seen> since = use.addresses();
        return since.isEmpty() || !since.get(0).address().equals(last.seen().get(0).address())
                || since.stream().anyMatch(seen -> !last.includes(seen.address()));
    }

    @Override
    protected void flushNow() {
        flush(false);
    }

    @Override
    protected void flushOnStop() {
        flush(true); // a clean stop loses nothing
    }
}
