package dev.tokenauthority.query.usage;

import java.util.ArrayList;
import java.util.List;

/**
 * A token's use as this node saw it since the last flush: the latest time and the last {@link #MAX_ADDRESSES}
 * distinct client addresses, most recent first, each with the time it was last seen. Updated by every allowed
 * verification: without a lock when the caller is the same as the last one, under this object's lock otherwise.
 */
final class RecentUse {

    static final int MAX_ADDRESSES = 5;

    /** One address and when it was last seen, in epoch milliseconds. */
    record Seen(String address, long at) {
    }

    /** How stale lastUsedAt may be: within a second of the last use, the common case writes nothing. */
    static final long RESOLUTION_MILLIS = 1_000;

    // The common case, the same caller again, reads these two, takes no lock, and writes at most once a second: many
    // request threads verify one busy token at once. Racing writers may leave lastUsedAt a moment short.
    private volatile long lastUsedAt;
    private volatile String lastAddress;
    private final List<Seen> addresses = new ArrayList<>(MAX_ADDRESSES + 1); // guarded by this

    void record(String address, long at) {
        if (address.equals(lastAddress)) {
            if (at - lastUsedAt >= RESOLUTION_MILLIS) {
                lastUsedAt = at;
            }
            return;
        }
        synchronized (this) {
            if (at > lastUsedAt) {
                lastUsedAt = at;
            }
            addresses.removeIf(seen -> seen.address().equals(address));
            addresses.add(0, new Seen(address, at));
            if (addresses.size() > MAX_ADDRESSES) {
                addresses.remove(MAX_ADDRESSES);
            }
            lastAddress = address;
        }
    }

    /** Takes in the uses of {@code earlier} (a batch whose flush failed): the latest time, the most recent addresses. */
    synchronized void absorb(RecentUse earlier) {
        List<Seen> merged = merge(addresses(), earlier.addresses());
        addresses.clear();
        addresses.addAll(merged);
        lastUsedAt = Math.max(lastUsedAt, earlier.lastUsedAt());
        lastAddress = merged.isEmpty() ? null : merged.get(0).address();
    }

    long lastUsedAt() {
        return lastUsedAt;
    }

    /** Most recent first; the first one was seen last at {@link #lastUsedAt()}. */
    synchronized List<Seen> addresses() {
        List<Seen> copy = new ArrayList<>(addresses);
        if (!copy.isEmpty() && copy.get(0).at() < lastUsedAt) {
            copy.set(0, new Seen(copy.get(0).address(), lastUsedAt));
        }
        return List.copyOf(copy);
    }

    /** {@code a} and {@code b} together: the latest time, and the most recent distinct addresses of both. */
    static List<Seen> merge(List<Seen> a, List<Seen> b) {
        List<Seen> all = new ArrayList<>(a);
        all.addAll(b);
        all.sort((x, y) -> Long.compare(y.at(), x.at()));
        List<Seen> merged = new ArrayList<>();
        for (Seen seen : all) {
            if (merged.size() < MAX_ADDRESSES && merged.stream().noneMatch(kept -> kept.address().equals(seen.address()))) {
                merged.add(seen);
            }
        }
        return merged;
    }
}
