package dev.tokenauthority.query.usage;

import dev.tokenauthority.events.readmodel.TokenView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * When and from where each token was last used ({@code lastUsedAt}, {@code lastUsedFrom}), without a database write
 * per verification: an allowed verification only updates this node's in-memory {@link RecentUse} of the token; every
 * {@code token-authority.usage.flush-interval} (5 s) the node merges what it saw into {@link UsageTable}, which every
 * node of a cluster shares. Reads merge the table with what this node has not flushed yet.
 *
 * <p>What a crash can lose: the uses this node saw since its last flush (at most one interval; a clean stop flushes),
 * and a use racing a flush of the same token. Usage is telemetry, not history: it is not in the event store, so a
 * replay keeps it and the audit trail does not list every verification.
 */
@Component
public class TokenUsage implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TokenUsage.class);

    /** What the API shows: {@code lastUsedFrom} most recent first, at most {@link RecentUse#MAX_ADDRESSES}. */
    public record Usage(Instant lastUsedAt, List<String> lastUsedFrom) {
    }

    private final ConcurrentHashMap<String, RecentUse> unflushed = new ConcurrentHashMap<>();
    private final UsageTable table;
    private final Clock clock;
    private final Duration interval;
    private final boolean recording;
    private volatile ScheduledExecutorService flusher;

    public TokenUsage(UsageTable table, Clock clock,
                      @Value("${token-authority.usage.flush-interval:5s}") Duration interval,
                      @Value("${token-authority.usage.recording:true}") boolean recording) {
        this.table = table;
        this.clock = clock;
        this.interval = interval;
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

    /** Writes what this node saw since the last flush; on failure, keeps it for the next one. */
    public void flush() {
        Map<String, RecentUse> batch = new HashMap<>();
        for (String tokenId : new ArrayList<>(unflushed.keySet())) {
            RecentUse use = unflushed.remove(tokenId);
            if (use != null) {
                batch.put(tokenId, use);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            table.merge(batch);
        } catch (RuntimeException e) { // a refused statement, or no connection or transaction at all
            log.warn("token usage not written ({} tokens), kept for the next flush: {}", batch.size(), e.getMessage());
            batch.forEach((tokenId, earlier) -> unflushed.merge(tokenId, earlier, (since, failed) -> {
                since.absorb(failed);
                return since;
            }));
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "token-usage-flush");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::flushQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        flusher = executor;
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("token usage flush failed", e);
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = flusher;
        flusher = null;
        if (executor != null) {
            executor.shutdownNow();
            flushQuietly(); // a clean stop loses nothing
        }
    }

    @Override
    public boolean isRunning() {
        return flusher != null;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100; // stopped early, while the database is still there
    }
}
