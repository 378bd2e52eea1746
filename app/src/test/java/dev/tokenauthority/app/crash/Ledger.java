package dev.tokenauthority.app.crash;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * What the service has acknowledged, as the clients saw it: every token and instance a burst made or changed,
 * with the secrets that must open and those that must never open again. A call whose answer never arrived (the
 * process was killed under it) leaves its target {@linkplain Pending pending}: after the restart the check finds
 * out which way it went, and from then on holds the service to that.
 */
final class Ledger {

    static final String PROJECT = "p-crash";
    static final String REGION = "eu01";
    static final String ANCHOR_LABEL = "anchor";

    enum Pending { NONE, REGENERATE, DELETE, RENAME }

    static final class TrackedInstance {
        final String id;
        final boolean anchor;
        boolean deleted;
        boolean deletePending;
        boolean busy;

        TrackedInstance(String id, boolean anchor) {
            this.id = id;
            this.anchor = anchor;
        }

        String path() {
            return "/v1alpha/projects/" + PROJECT + "/regions/" + REGION + "/instances/" + id;
        }
    }

    static final class TrackedToken {
        final String id;
        /** The instance of an instance token; {@code null} for a selector token (which covers the anchor). */
        final String instanceId;
        final String collection;
        /** The secret that opens it now; {@code null} once a regeneration's answer was lost. */
        String secret;
        /** Every secret it ever had before: each must be refused from its regeneration on, for ever. */
        final List<String> superseded = new ArrayList<>();
        String name;
        final Instant validUntil;
        final boolean shortLived;
        boolean deleted;
        Pending pending = Pending.NONE;
        String pendingName;
        boolean busy;
        /** Regenerations known to have happened; exact unless a lost answer left one unknowable. */
        int regenerations;
        boolean regenerationsExact = true;

        TrackedToken(String id, String instanceId, String collection, String secret, String name, Instant validUntil,
                     boolean shortLived) {
            this.id = id;
            this.instanceId = instanceId;
            this.collection = collection;
            this.secret = secret;
            this.name = name;
            this.validUntil = validUntil;
            this.shortLived = shortLived;
        }

        String path() {
            return collection + "/" + id;
        }
    }

    /** A create whose answer never arrived: found by its unique name after the restart, if it happened. */
    record PendingCreate(String collection, String instanceId, String name, boolean shortLived) { }

    final Map<String, TrackedInstance> instances = new LinkedHashMap<>();
    final Map<String, TrackedToken> tokens = new LinkedHashMap<>();
    final List<PendingCreate> pendingCreates = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final List<String[]> notFoundOnLiveInstances = new ArrayList<>(); // {instance id, what}
    TrackedInstance anchor;

    static String instances() {
        return "/v1alpha/projects/" + PROJECT + "/regions/" + REGION + "/instances";
    }

    static String selectorTokens() {
        return "/v1alpha/projects/" + PROJECT + "/regions/" + REGION + "/tokens";
    }

    synchronized void add(TrackedInstance instance) {
        instances.put(instance.id, instance);
    }

    synchronized void add(TrackedToken token) {
        tokens.put(token.id, token);
    }

    synchronized void addPendingCreate(PendingCreate create) {
        pendingCreates.add(create);
    }

    /** A live instance, for a new token on it; the anchor when there is no other. */
    synchronized TrackedInstance anyLiveInstance(Random random) {
        List<TrackedInstance> live = instances.values().stream()
                .filter(i -> !i.deleted && !i.deletePending && !i.busy).toList();
        return live.isEmpty() ? anchor : live.get(random.nextInt(live.size()));
    }

    /** Claims a live instance other than the anchor, for one worker to delete. */
    synchronized Optional<TrackedInstance> claimDeletableInstance(Random random) {
        List<TrackedInstance> candidates = instances.values().stream()
                .filter(i -> !i.anchor && !i.deleted && !i.deletePending && !i.busy).toList();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        TrackedInstance claimed = candidates.get(random.nextInt(candidates.size()));
        claimed.busy = true;
        return Optional.of(claimed);
    }

    /** Claims a token that is live as far as the ledger knows, not short-lived, for one worker to change. */
    synchronized Optional<TrackedToken> claimToken(Random random) {
        List<TrackedToken> candidates = tokens.values().stream()
                .filter(t -> !t.deleted && !t.busy && t.pending == Pending.NONE && !t.shortLived
                        && (t.instanceId == null || !instances.get(t.instanceId).deleted))
                .toList();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        TrackedToken claimed = candidates.get(random.nextInt(candidates.size()));
        claimed.busy = true;
        return Optional.of(claimed);
    }

    synchronized void release(TrackedToken token) {
        token.busy = false;
    }

    synchronized void release(TrackedInstance instance) {
        instance.busy = false;
    }

    synchronized boolean instanceGone(String instanceId) {
        TrackedInstance instance = instanceId == null ? null : instances.get(instanceId);
        return instance != null && (instance.deleted || instance.deletePending);
    }

    /** The instance a verify of this token names: its own, or the anchor, which every selector token covers. */
    synchronized String verifiedAt(TrackedToken token) {
        return token.instanceId != null ? token.instanceId : anchor.id;
    }

    /**
     * A call on {@code instanceId} answered 404 while the ledger still held the instance live: another client may
     * have deleted it a moment before and not yet read its 204. Settled once every client has stopped
     * ({@link #settleNotFound}).
     */
    synchronized void notFoundOn(String instanceId, String what) {
        if (instanceGone(instanceId)) {
            return;
        }
        notFoundOnLiveInstances.add(new String[] {instanceId, what});
    }

    /** Each 404 of {@link #notFoundOn} whose instance no client deleted (or tried to) is a violation. */
    synchronized void settleNotFound() {
        for (String[] notFound : notFoundOnLiveInstances) {
            if (!instanceGone(notFound[0])) {
                violations.add(notFound[1] + " (its instance " + notFound[0] + " was never deleted)");
            }
        }
        notFoundOnLiveInstances.clear();
    }

    synchronized void violation(String what) {
        violations.add(what);
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }
}
