package dev.tokenauthority.query.audit;

import dev.tokenauthority.query.batch.AtCommit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit entries of one batch of events, written together when the batch commits ({@link AtCommit}): one
 * look-up of their positions, at most one of their tokens' and one of their instances' subjects, one JDBC batch of
 * inserts.
 *
 * <p>Why: one event at a time took three round trips each (position, subject, insert), and the processor's token
 * moves only when its whole batch commits. Under 64 concurrent regenerations over 3 nodes on PostgreSQL (battery
 * test 2 at full scale) the trail fell more than the write API's barrier (10 s) behind and regenerations answered
 * 503. Written per batch, a batch costs four round trips whatever its size, so the more the trail falls behind, the
 * more it catches up with each one.
 */
final class AuditBatch {

    private static final Logger log = LoggerFactory.getLogger(AuditBatch.class);

    /** An event to index; its subject either known or, for events after a token's or instance's first, to find. */
    record Pending(String eventIdentifier, Instant time, String eventType, AuditTrail.Subject subject,
                   String ofToken, String ofInstance, String actor, String clientAddress, String requestId,
                   Map<String, Object> changes) {
    }

    private final AuditTrail trail;
    private final EventStorePositions positions;
    private final AtCommit<Pending> pending = new AtCommit<>(this::write);

    AuditBatch(AuditTrail trail, EventStorePositions positions) {
        this.trail = trail;
        this.positions = positions;
    }

    void add(Pending entry) {
        pending.add(entry);
    }

    private void write(List<Pending> pending) {
        Map<String, Long> positionById = positions.positionsOf(pending.stream().map(Pending::eventIdentifier).toList());
        Map<String, AuditTrail.Subject> tokens = new HashMap<>();
        Map<String, AuditTrail.Subject> instances = new HashMap<>();
        for (Pending entry : pending) { // a token or instance created in this very batch is not in the table yet
            if ("TokenCreated".equals(entry.eventType())) {
                tokens.put(entry.subject().tokenId(), entry.subject());
            } else if ("InstanceRegistered".equals(entry.eventType())) {
                instances.put(entry.subject().instanceId(), entry.subject());
            }
        }
        findMissing(pending, tokens, instances);
        List<AuditEntry> entries = new ArrayList<>(pending.size());
        for (Pending entry : pending) {
            AuditTrail.Subject subject = entry.subject() != null ? entry.subject()
                    : entry.ofToken() != null ? tokens.get(entry.ofToken()) : instances.get(entry.ofInstance());
            if (subject == null) {
                log.warn("audit: {} for {} whose first event is not indexed; skipped", entry.eventType(),
                        entry.ofToken() != null ? "token " + entry.ofToken() : "instance " + entry.ofInstance());
                continue;
            }
            Long position = positionById.get(entry.eventIdentifier());
            if (position == null) {
                throw new IllegalStateException("event " + entry.eventIdentifier() + " (" + entry.eventType()
                        + ") is not in the event store it was read from");
            }
            entries.add(new AuditEntry(position, entry.time(), entry.eventType(), subject.projectId(),
                    subject.regionId(), subject.instanceId(), subject.tokenId(), entry.actor(), entry.clientAddress(),
                    entry.requestId(), entry.changes()));
        }
        if (!entries.isEmpty()) {
            trail.recordAll(entries);
        }
    }

    private void findMissing(List<Pending> pending, Map<String, AuditTrail.Subject> tokens,
                             Map<String, AuditTrail.Subject> instances) {
        Set<String> missingTokens = new HashSet<>();
        Set<String> missingInstances = new HashSet<>();
        for (Pending entry : pending) {
            if (entry.ofToken() != null && !tokens.containsKey(entry.ofToken())) {
                missingTokens.add(entry.ofToken());
            } else if (entry.ofInstance() != null && !instances.containsKey(entry.ofInstance())) {
                missingInstances.add(entry.ofInstance());
            }
        }
        if (!missingTokens.isEmpty()) {
            tokens.putAll(trail.subjectsOfTokens(missingTokens));
        }
        if (!missingInstances.isEmpty()) {
            instances.putAll(trail.subjectsOfInstances(missingInstances));
        }
    }
}
