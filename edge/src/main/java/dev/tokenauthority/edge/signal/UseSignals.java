package dev.tokenauthority.edge.signal;

import dev.tokenauthority.query.flush.PeriodicFlusher;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signals of refused uses of a token, of one kind ({@link SupersededUseSignals}, {@link DisallowedAddressSignals}):
 * each use is gathered in memory per token ({@link GatheredUse}) and sent to the token as one command:
 * <ul>
 *   <li>the first uses of a token within {@code token-authority.signals.flush-interval} (5 s), so a policy acting on
 *       it acts within seconds;</li>
 *   <li>after that, at most one per token per {@code token-authority.signals.repeat-interval} (1 min) from each
 *       node, however many requests: a flood makes at most one event a minute per token and node;</li>
 *   <li>at most {@value #MAX_TOKENS} tokens waiting per node; uses of further tokens are counted as dropped and
 *       logged, not kept (a flood over many tokens cannot grow the heap).</li>
 * </ul>
 * What a crash loses: the uses waiting since the last send (at most one interval, or one repeat interval for a
 * token signalled just before); a clean stop sends what waits. The caller's answer never depends on any of this.
 */
public abstract class UseSignals extends PeriodicFlusher {

    static final int MAX_TOKENS = 10_000;
    /** Sends of one signal that may fail before it is given up (logged): a token that refuses it for good. */
    static final int MAX_ATTEMPTS = 5;
    private static final Logger log = LoggerFactory.getLogger(UseSignals.class);

    private final String kind;
    private final ConcurrentHashMap<String, GatheredUse> waiting = new ConcurrentHashMap<>();
    private final Map<String, GatheredUse.Summary> unsent = new HashMap<>(); // failed sends; flusher thread only
    private final Map<String, Integer> failedSends = new HashMap<>(); // flusher thread only
    private final Map<String, Long> lastSent = new HashMap<>(); // flusher thread only
    private final AtomicLong dropped = new AtomicLong();
    private final CommandGateway commands;
    private final Clock clock;
    private final Duration repeatInterval;

    /** {@code kind} names the signal in the log and its flusher's thread ({@code kind-signal-flush}). */
    protected UseSignals(String kind, CommandGateway commands, Clock clock, Duration interval, Duration repeatInterval) {
        super(kind + "-signal-flush", interval);
        this.kind = kind;
        this.commands = commands;
        this.clock = clock;
        this.repeatInterval = repeatInterval;
    }

    /** The command that records a signal on its token. */
    protected abstract Object command(GatheredUse.Summary gathered);

    /** A refused use of {@code tokenId} by {@code address} through {@code way}: memory only. */
    public void record(String tokenId, String address, String way) {
        long now = clock.millis();
        for (int attempt = 0; attempt < 3; attempt++) {
            GatheredUse use = waiting.get(tokenId);
            if (use == null) {
                if (waiting.size() >= MAX_TOKENS) {
                    dropped.incrementAndGet();
                    return;
                }
                use = waiting.computeIfAbsent(tokenId, id -> new GatheredUse());
            }
            if (use.record(address, way, now)) {
                return;
            }
            waiting.remove(tokenId, use); // taken for sending meanwhile: record in a new one
        }
    }

    /** Sends what is due: tokens not signalled within the repeat interval, and sends that failed before. */
    public synchronized void flush() {
        long now = clock.millis();
        lastSent.values().removeIf(at -> now - at >= repeatInterval.toMillis());
        Map<String, GatheredUse.Summary> due = new HashMap<>(unsent);
        unsent.clear();
        for (String tokenId : new ArrayList<>(waiting.keySet())) {
            if (lastSent.containsKey(tokenId)) {
                continue; // signalled a moment ago: keep gathering
            }
            GatheredUse use = waiting.remove(tokenId);
            if (use != null) {
                GatheredUse.Summary since = use.close(tokenId);
                due.merge(tokenId, since, GatheredUse::merge);
            }
        }
        for (GatheredUse.Summary signal : due.values()) {
            try {
                commands.sendAndWait(command(signal));
                lastSent.put(signal.tokenId(), now);
                failedSends.remove(signal.tokenId());
            } catch (RuntimeException e) { // another node's write to the token in between, the database away, …
                int failures = failedSends.merge(signal.tokenId(), 1, Integer::sum);
                if (failures < MAX_ATTEMPTS) {
                    log.warn("{} signal for token {} not recorded yet ({} uses), kept for the next flush: {}", kind,
                            signal.tokenId(), signal.uses(), e.getMessage());
                    unsent.put(signal.tokenId(), signal);
                } else {
                    log.error("{} signal for token {} given up after {} attempts ({} uses from {}): {}", kind,
                            signal.tokenId(), failures, signal.uses(), signal.from(), e.getMessage());
                    failedSends.remove(signal.tokenId());
                }
            }
        }
        long lost = dropped.getAndSet(0);
        if (lost > 0) {
            log.warn("{} {} uses not kept: more than {} tokens were waiting for a signal", lost, kind, MAX_TOKENS);
        }
    }

    @Override
    protected void flushNow() {
        flush(); // on a clean stop too: it sends what waits
    }
}
