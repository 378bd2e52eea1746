package dev.tokenauthority.query.usage;

import java.util.ArrayList;
import java.util.List;

/**
 * A token's use as this node saw it since the last flush: the latest time and the last {@link #MAX_ADDRESSES}
 * distinct client addresses, most recent first, each with the time it was last seen. Updated by every allowed
 * verification (synchronized on itself: verifications of one token are what contend, and they do little here).
 */
final class RecentUse {

    static final int MAX_ADDRESSES = 5;

    /** One address and when it was last seen, in epoch milliseconds. */
    record Seen(String address, long at) {
    }

    private long lastUsedAt;
    private final List<Seen> addresses = new ArrayList<>(MAX_ADDRESSES + 1);

    synchronized void record(String address, long at) {
        if (at > lastUsedAt) {
            lastUsedAt = at;
        }
        if (!addresses.isEmpty() && addresses.get(0).address().equals(address)) {
            if (at > addresses.get(0).at()) {
                addresses.set(0, new Seen(address, at)); // the common case: the same caller again
            }
            return;
        }
        addresses.removeIf(seen -> seen.address().equals(address));
        addresses.add(0, new Seen(address, at));
        if (addresses.size() > MAX_ADDRESSES) {
            addresses.remove(MAX_ADDRESSES);
        }
    }

    synchronized long lastUsedAt() {
        return lastUsedAt;
    }

    synchronized List<Seen> addresses() {
        return List.copyOf(addresses);
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
