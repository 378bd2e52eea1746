package dev.tokenauthority.edge.signal;

import dev.tokenauthority.events.signal.RecordSupersededUse;
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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Leak signals from superseded secrets: a secret a live token had before a regeneration, presented anywhere, is
 * gathered in memory per token ({@link SupersededUse}) and sent to the token as one {@link RecordSupersededUse}
 * (a {@code SupersededSecretUsed} event, and a revocation if the project's policy says so):
 * <ul>
 *   <li>the first uses of a token within {@code token-authority.signals.flush-interval} (5 s), so a revoking
 *       policy acts within seconds;</li>
 *   <li>after that, at most one per token per {@code token-authority.signals.repeat-interval} (1 min) from each
 *       node, however many requests: a flood of one old secret makes at most one event a minute per node;</li>
 *   <li>at most {@value #MAX_TOKENS} tokens waiting per node; uses of further tokens are counted as dropped and
 *       logged, not kept (a flood of many old secrets cannot grow the heap).</li>
 * </ul>
 * What a crash loses: the uses waiting since the last send (at most one interval, or one repeat interval for a
 * token signalled just before); a clean stop sends what waits. The caller's answer never depends on any of this.
 */
@Component
public class SupersededUseSignals extends PeriodicFlusher {

    static final int MAX_TOKENS = 10_000;
    /** Sends of one signal that may fail before it is given up (logged): a token that refuses it for good. */
    static final int MAX_ATTEMPTS = 5;
    private static final Logger log = LoggerFactory.getLogger(SupersededUseSignals.class);

    private final ConcurrentHashMap<String, SupersededUse> waiting = new ConcurrentHashMap<>();
    private final Map<String, RecordSupersededUse> unsent = new HashMap<>(); // failed sends; flusher thread only
    private final Map<String, Integer> failedSends = new HashMap<>(); // flusher thread only
    private final Map<String, Long> lastSent = new HashMap<>(); // flusher thread only
    private final AtomicLong dropped = new AtomicLong();
    private final CommandGateway commands;
    private final Clock clock;
    private final Duration repeatInterval;

    public SupersededUseSignals(CommandGateway commands, Clock clock,
                                @Value("${token-authority.signals.flush-interval:5s}") Duration interval,
                                @Value("${token-authority.signals.repeat-interval:1m}") Duration repeatInterval) {
        super("leak-signal-flush", interval);
        this.commands = commands;
        this.clock = clock;
        this.repeatInterval = repeatInterval;
    }

    /** A superseded secret of {@code tokenId} was presented by {@code address} through {@code way}: memory only. */
    public void record(String tokenId, String address, String way) {
        long now = clock.millis();
        for (int attempt = 0; attempt < 3; attempt++) {
            SupersededUse use = waiting.get(tokenId);
            if (use == null) {
                if (waiting.size() >= MAX_TOKENS) {
                    dropped.incrementAndGet();
                    return;
                }
                use = waiting.computeIfAbsent(tokenId, id -> new SupersededUse());
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
        Map<String, RecordSupersededUse> due = new HashMap<>(unsent);
        unsent.clear();
        for (String tokenId : new ArrayList<>(waiting.keySet())) {
            if (lastSent.containsKey(tokenId)) {
                continue; // signalled a moment ago: keep gathering
            }
            SupersededUse use = waiting.remove(tokenId);
            if (use != null) {
                RecordSupersededUse since = use.close(tokenId);
                due.merge(tokenId, since, SupersededUse::merge);
            }
        }
        for (RecordSupersededUse signal : due.values()) {
            try {
                commands.sendAndWait(signal);
                lastSent.put(signal.tokenId(), now);
                failedSends.remove(signal.tokenId());
            } catch (RuntimeException e) { // another node's write to the token in between, the database away, …
                int failures = failedSends.merge(signal.tokenId(), 1, Integer::sum);
                if (failures < MAX_ATTEMPTS) {
                    log.warn("leak signal for token {} not recorded yet ({} uses), kept for the next flush: {}",
                            signal.tokenId(), signal.uses(), e.getMessage());
                    unsent.put(signal.tokenId(), signal);
                } else {
                    log.error("leak signal for token {} given up after {} attempts ({} uses from {}): {}",
                            signal.tokenId(), failures, signal.uses(), signal.from(), e.getMessage());
                    failedSends.remove(signal.tokenId());
                }
            }
        }
        long lost = dropped.getAndSet(0);
        if (lost > 0) {
            log.warn("{} uses of superseded secrets not kept: more than {} tokens were waiting for a signal", lost,
                    MAX_TOKENS);
        }
    }

    @Override
    protected void flushNow() {
        flush(); // on a clean stop too: it sends what waits
    }
}
