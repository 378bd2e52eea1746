package dev.tokenauthority.query.authlookup;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The secrets tokens had before a regeneration, by keyed hash, and whose they were: what tells a superseded secret
 * (a sign of a leak, worth a signal on the token) from one that was never ours. Only for telling: a superseded
 * secret opens nothing, and the verifier answers it exactly as an unknown one.
 *
 * <p>An entry is the first 128 bits of the hash (an HMAC under the service key: no one without the key can aim at a
 * prefix, and two random ones meet with odds of 2^-128), the owner's id and its {@code validUntil}: 40 bytes in an
 * open-addressing table at most 3/4 full, so about 70 bytes per superseded secret. Entries are not removed when their token goes (that would
 * need an index from token to entries); {@link AuthState#supersededOwner} answers only for a live owner, and each
 * growth of the table keeps only the entries of live tokens, so the table holds about the superseded secrets of the
 * live tokens. One writer (the projection), readers without a lock, as in {@link AuthLookupIndex}.
 */
public class SupersededSecrets {

    private static final int WORDS = 5; // hash prefix (2), owner id as a UUID (2), owner's validUntil (packed)
    private static final int MIN_CAPACITY = 1024;
    private static final double MAX_LOAD = 0.75;

    private final StampedLock lock = new StampedLock();
    private volatile Table table = new Table(MIN_CAPACITY);

    /**
     * Whose a superseded secret was: the token's id and its {@code validUntil} then (packed by {@link #pack}), which
     * tells that token from a later one under the same id (the event store never makes one, a replayed history may).
     */
    public record Owner(String tokenId, long validUntil) {
    }

    /**
     * An instant, as the index keeps it (seconds and nanoseconds), in one {@code long}: nanoseconds since the epoch,
     * good until the year 2262.
     */
    static long pack(long epochSecond, long nanos) {
        return epochSecond * 1_000_000_000L + nanos;
    }

    /** The token this secret hash was superseded for, live or not; {@code null} if none. */
    Owner ownerOf(byte[] secretHash) {
        long h0 = prefix(secretHash, 0), h1 = prefix(secretHash, 8);
        long stamp = lock.tryOptimisticRead();
        Owner owner = stamp == 0 ? null : table.ownerOf(h0, h1);
        if (stamp == 0 || !lock.validate(stamp)) {
            stamp = lock.readLock();
            try {
                owner = table.ownerOf(h0, h1);
            } finally {
                lock.unlockRead(stamp);
            }
        }
        return owner;
    }

    /**
     * The token's secret with this hash was replaced; {@code validUntil} is the token's (packed). {@code isLive} tells,
     * when the table must grow, which owners still matter.
     */
    void supersede(String tokenId, long validUntil, long[] hashWords, Predicate<Owner> isLive) {
        long stamp = lock.writeLock();
        try {
            Table t = table;
            if (t.used + 1 > t.capacity * MAX_LOAD) {
                t = rebuilt(t, isLive, 1);
                table = t;
            }
            t.insert(hashWords[0], hashWords[1], new Owner(tokenId, validUntil));
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** How many entries the table holds (live owners or not). */
    int size() {
        return table.used;
    }

    /** One line per entry of a live token: what the model's digest adds up. */
    void forEachCanonicalLine(Predicate<Owner> isLive, Consumer<String> action) {
        long stamp = lock.readLock();
        try {
            HexFormat hex = HexFormat.of();
            table.forEach((h0, h1, owner) -> {
                if (isLive.test(owner)) {
                    action.accept("superseded " + owner.tokenId() + "|" + hex.toHexDigits(h0) + hex.toHexDigits(h1));
                }
            });
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Writes the entries of live tokens (read back by {@link #readFrom}). */
    void writeTo(DataOutputStream out, Predicate<Owner> isLive) throws IOException {
        long stamp = lock.readLock();
        try {
            List<Object[]> live = new ArrayList<>();
            table.forEach((h0, h1, owner) -> {
                if (isLive.test(owner)) {
                    live.add(new Object[] {h0, h1, owner});
                }
            });
            out.writeInt(live.size());
            for (Object[] entry : live) {
                out.writeLong((Long) entry[0]);
                out.writeLong((Long) entry[1]);
                out.writeLong(((Owner) entry[2]).validUntil());
                out.writeUTF(((Owner) entry[2]).tokenId());
            }
        } finally {
            lock.unlockRead(stamp);
        }
    }

    static SupersededSecrets readFrom(DataInputStream in) throws IOException {
        int count = SnapshotFields.count(in);
        SupersededSecrets secrets = new SupersededSecrets();
        Table t = secrets.table;
        for (int i = 0; i < count; i++) {
            long h0 = in.readLong(), h1 = in.readLong(), until = in.readLong();
            Owner owner = new Owner(in.readUTF(), until);
            if (t.used + 1 > t.capacity * MAX_LOAD) {
                t = secrets.rebuilt(t, owner2 -> true, 1);
            }
            t.insert(h0, h1, owner);
        }
        secrets.table = t;
        return secrets;
    }

    /** A table with the live entries of {@code from}, with room for at least {@code more} besides. */
    private Table rebuilt(Table from, Predicate<Owner> isLive, int more) {
        List<Object[]> kept = new ArrayList<>();
        from.forEach((h0, h1, owner) -> {
            if (isLive.test(owner)) {
                kept.add(new Object[] {h0, h1, owner});
            }
        });
        int capacity = MIN_CAPACITY;
        while ((kept.size() + more) * 2L > capacity) { // half full after the rebuild
            capacity *= 2;
        }
        Table to = new Table(capacity);
        for (Object[] entry : kept) {
            to.insert((Long) entry[0], (Long) entry[1], (Owner) entry[2]);
        }
        return to;
    }

    private static long prefix(byte[] hash, int offset) {
        return ByteBuffer.wrap(hash, offset, 8).getLong();
    }

    private interface EntryAction {
        void accept(long h0, long h1, Owner owner);
    }

    /**
     * Linear probing over {@code long}s; an all-zero prefix marks a free slot (an HMAC does not give 128 zero bits).
     * Owner ids that are UUIDs (all the command side makes) are kept as their two words; any other as a string.
     */
    private static final class Table {
        final int capacity;
        final long[] words;
        String[] otherIds; // created on the first owner id that is not a UUID
        int used;

        Table(int capacity) {
            this.capacity = capacity;
            this.words = new long[capacity * WORDS];
        }

        Owner ownerOf(long h0, long h1) {
            int at = home(h0);
            for (int visited = 0; visited < capacity; visited++, at = next(at)) {
                long w0 = words[at * WORDS], w1 = words[at * WORDS + 1];
                if (w0 == 0 && w1 == 0) {
                    return null;
                }
                if (w0 == h0 && w1 == h1) {
                    return ownerAt(at);
                }
            }
            return null;
        }

        void insert(long h0, long h1, Owner owner) {
            if (h0 == 0 && h1 == 0) {
                return; // cannot be told from a free slot; an HMAC never gives it
            }
            int at = home(h0);
            while (words[at * WORDS] != 0 || words[at * WORDS + 1] != 0) {
                if (words[at * WORDS] == h0 && words[at * WORDS + 1] == h1) {
                    return; // already known
                }
                at = next(at);
            }
            words[at * WORDS + 4] = owner.validUntil();
            java.util.UUID uuid = asUuid(owner.tokenId());
            if (uuid != null) {
                words[at * WORDS + 2] = uuid.getMostSignificantBits();
                words[at * WORDS + 3] = uuid.getLeastSignificantBits();
            } else {
                if (otherIds == null) {
                    otherIds = new String[capacity];
                }
                otherIds[at] = owner.tokenId();
            }
            words[at * WORDS + 1] = h1;
            words[at * WORDS] = h0; // last: a lock-free reader racing this sees a free slot or a whole entry
            used++;
        }

        void forEach(EntryAction action) {
            for (int at = 0; at < capacity; at++) {
                long h0 = words[at * WORDS], h1 = words[at * WORDS + 1];
                if (h0 != 0 || h1 != 0) {
                    action.accept(h0, h1, ownerAt(at));
                }
            }
        }

        private Owner ownerAt(int at) {
            String[] others = otherIds;
            String id = others != null && others[at] != null ? others[at]
                    : new java.util.UUID(words[at * WORDS + 2], words[at * WORDS + 3]).toString();
            return new Owner(id, words[at * WORDS + 4]);
        }

        private int home(long h0) {
            return (int) (((h0 >>> 32) * capacity) >>> 32);
        }

        private int next(int at) {
            return at + 1 == capacity ? 0 : at + 1;
        }

        private static java.util.UUID asUuid(String id) {
            if (id.length() != 36) {
                return null;
            }
            try {
                java.util.UUID uuid = java.util.UUID.fromString(id);
                return uuid.toString().equals(id) ? uuid : null;
            } catch (IllegalArgumentException notAUuid) {
                return null;
            }
        }
    }
}
