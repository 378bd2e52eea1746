package dev.tokenauthority.query.authlookup;

import dev.tokenauthority.events.access.AllowedNetworks;
import dev.tokenauthority.events.access.Role;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Consumer;

/**
 * The auth-lookup read model, token half: the keyed hash of every secret that currently opens something, and
 * what it opens ({@link InstanceRegistry} is the instance half). Lives in memory so that a verification never
 * touches the database; the projection rebuilds it from the event store.
 *
 * <p>Once a call that sets a token's hash has returned, its previous hash is gone: the projection has finished
 * with an event only after that, and the write API answers only after the projection has finished with it.
 *
 * <h2>Layout</h2>
 * A million active tokens must fit, twice (a replay builds a second model beside the live one), in a heap of a
 * few hundred MiB. Objects per token (a hash key, an entry, an id string, an instant, two map nodes) cost about
 * 310 bytes; here a token is one slot of eight {@code long}s in an open-addressing table (linear probing, at most
 * 3/4 full): the hash's four words, the token id as a UUID's two, the expiry's seconds, and one word for
 * state, role, the expiry's nanoseconds, whether its client networks are restricted and an index into the shared
 * scopes. About 100 bytes per token with the table's free slots and the id index. The table is paged (256 KiB
 * pages), so no growth needs one huge contiguous block. The few tokens with allowed networks keep them in a side
 * map by id, looked up only when their slot says they have some: the check costs the others nothing.
 *
 * <h2>Concurrency</h2>
 * One writer at a time (the projection), any number of readers (request threads). Writers take a
 * {@link StampedLock}'s write lock; readers probe optimistically, without locking, and fall back to the read lock
 * only when a write overlapped their probe. A reader therefore sees a token's slot either wholly before or wholly
 * after a write, never torn.
 */
public class AuthLookupIndex {

    private static final int SLOT_WORDS = 8;
    private static final int HASH_0 = 0, ID_HIGH = 4, ID_LOW = 5, UNTIL_SECONDS = 6, META = 7;
    private static final int PAGE_SHIFT = 12; // 4,096 slots of 64 bytes: 256 KiB, under G1's humongous threshold
    private static final int PAGE_SLOTS = 1 << PAGE_SHIFT;
    private static final int MIN_CAPACITY = PAGE_SLOTS;
    private static final double MAX_LOAD = 0.75;   // used slots (live and removed) before a rehash
    private static final double REHASH_LOAD = 0.55; // live slots right after one
    private static final int PRESIZE_LIMIT = 1 << 20;
    private static final int SLOT_BYTES = SLOT_WORDS * Long.BYTES;
    private static final int SNAPSHOT_BLOCK_SLOTS = 1024; // 64 KiB per read or write of a snapshot

    // The META word: bits 0-1 state, bit 2 "id is not a UUID", bit 3 role, bits 4-33 nanoseconds, bit 34 "has
    // allowed networks", 35-63 scope.
    private static final long EMPTY = 0, FULL = 1, REMOVED = 2, STATE = 3;
    private static final long OTHER_ID = 1 << 2;
    private static final long RESTRICTED = 1L << 34;
    private static final int ROLE_SHIFT = 3, NANOS_SHIFT = 4, SCOPE_SHIFT = 35;
    private static final long NANOS_MASK = (1L << 30) - 1;
    private static final Role[] ROLES = Role.values();

    private final StampedLock lock = new StampedLock();
    private volatile Table table;
    private volatile int size;
    // The scopes tokens share, by index; only ever appended to. Written under the write lock.
    private volatile TokenScope[] scopes = new TokenScope[16];
    private final Map<TokenScope, Integer> scopeIndex = new HashMap<>();
    // The allowed networks of the tokens whose slot has RESTRICTED set. Written under the write lock: put before the
    // bit is set, removed after it is cleared, so a reader that saw the bit finds them (or, while a restriction is
    // lifted, nothing: then it allows no address for that instant).
    private final ConcurrentHashMap<String, AllowedNetworks> networks = new ConcurrentHashMap<>();

    public AuthLookupIndex() {
        this(0);
    }

    /** An index sized for {@code expectedTokens} without a rehash (a replay knows about how many to expect). */
    AuthLookupIndex(int expectedTokens) {
        this.table = new Table(capacityFor(expectedTokens));
    }

    public Optional<AuthEntry> find(byte[] secretHash) {
        long[] h = words(secretHash);
        Found found = new Found();
        long stamp = lock.tryOptimisticRead();
        if (stamp != 0) {
            found.read(table, scopes, h);
        }
        if (stamp == 0 || !lock.validate(stamp)) {
            stamp = lock.readLock();
            try {
                found.read(table, scopes, h);
            } finally {
                lock.unlockRead(stamp);
            }
        }
        return Optional.ofNullable(found.entry(networks));
    }

    /** Makes {@code hash} the only secret of the token, with what it opens. */
    void put(String tokenId, String hash, TokenScope scope, Role role, Instant validUntil) {
        long[] h = decodeHash(hash);
        long stamp = lock.writeLock();
        try {
            putLocked(TokenId.of(tokenId), h, scopeIndexOf(scope), role, validUntil, false);
            networks.remove(tokenId);
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /**
     * Replaces the token's secret, if the token still opens anything, and answers the hash it replaced (its four
     * words), or {@code null} if the token opens nothing.
     */
    long[] replaceHash(String tokenId, String newHash) {
        long[] h = decodeHash(newHash);
        long stamp = lock.writeLock();
        try {
            Table t = table;
            TokenId id = TokenId.of(tokenId);
            int slot = t.slotOfId(id);
            if (slot < 0) {
                return null;
            }
            long[] replaced = {t.word(slot, HASH_0), t.word(slot, HASH_0 + 1), t.word(slot, HASH_0 + 2),
                    t.word(slot, HASH_0 + 3)};
            long meta = t.word(slot, META);
            putLocked(id, h, (int) (meta >>> SCOPE_SHIFT), ROLES[(int) (meta >>> ROLE_SHIFT & 1)],
                    Instant.ofEpochSecond(t.word(slot, UNTIL_SECONDS), meta >>> NANOS_SHIFT & NANOS_MASK),
                    (meta & RESTRICTED) != 0);
            return replaced;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /**
     * The {@code validUntil} of the token, if it has a secret that opens something, packed as
     * {@link SupersededSecrets#pack} does; else {@link Long#MIN_VALUE}.
     */
    long validUntilOf(String tokenId) {
        TokenId id = TokenId.of(tokenId);
        long stamp = lock.tryOptimisticRead();
        long until = stamp == 0 ? Long.MIN_VALUE : validUntilAt(table, id);
        if (stamp == 0 || !lock.validate(stamp)) {
            stamp = lock.readLock();
            try {
                until = validUntilAt(table, id);
            } finally {
                lock.unlockRead(stamp);
            }
        }
        return until;
    }

    private static long validUntilAt(Table t, TokenId id) {
        int slot = t.slotOfId(id);
        return slot < 0 ? Long.MIN_VALUE
                : SupersededSecrets.pack(t.word(slot, UNTIL_SECONDS), t.word(slot, META) >>> NANOS_SHIFT & NANOS_MASK);
    }

    /**
     * The client networks the token may be used from from now on ({@link AllowedNetworks#ANY}: any address); nothing
     * if the token opens nothing.
     */
    void allowNetworks(String tokenId, AllowedNetworks allowed) {
        long stamp = lock.writeLock();
        try {
            Table t = table;
            int slot = t.slotOfId(TokenId.of(tokenId));
            if (slot < 0) {
                return;
            }
            long meta = t.word(slot, META);
            if (allowed.isAny()) {
                t.set(slot, META, meta & ~RESTRICTED);
                networks.remove(tokenId);
            } else {
                networks.put(tokenId, allowed);
                t.set(slot, META, meta | RESTRICTED);
            }
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** The token opens nothing from now on. */
    void remove(String tokenId) {
        long stamp = lock.writeLock();
        try {
            Table t = table;
            int slot = t.slotOfId(TokenId.of(tokenId));
            if (slot >= 0) {
                t.remove(slot);
                size--;
            }
            networks.remove(tokenId);
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    public int size() {
        return size;
    }

    /**
     * One line per active secret, in no particular order: what a digest of the model is computed over. Holds the
     * read lock throughout, so the lines are one state of the model (verify calls go on; writes wait).
     */
    void forEachCanonicalLine(Consumer<String> action) {
        long stamp = lock.readLock();
        try {
            Table t = table;
            TokenScope[] shared = scopes;
            HexFormat hex = HexFormat.of();
            Found found = new Found();
            for (int slot = 0; slot < t.capacity; slot++) {
                long meta = t.word(slot, META);
                if ((meta & STATE) == FULL) {
                    found.copy(t, shared, slot);
                    AuthEntry entry = found.entry(networks);
                    StringBuilder hash = new StringBuilder(64);
                    for (int i = 0; i < 4; i++) {
                        hash.append(hex.toHexDigits(t.word(slot, HASH_0 + i)));
                    }
                    action.accept(entry.tokenId() + "|" + hash + "|" + canonical(entry.scope()) + "|"
                            + entry.role().value() + "|" + entry.validUntil() + "|from " + entry.networks());
                }
            }
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /**
     * Writes the shared scopes and every active token, slot by slot as the table keeps it (for a snapshot, read
     * back by {@link #readFrom}): first the ids that are not UUIDs (rare) by the token's ordinal, then the slots,
     * 64 bytes each, in blocks, then the allowed networks of the restricted tokens by id. Holds the read lock
     * throughout, so what it writes is one state of the index.
     */
    void writeTo(DataOutputStream out) throws IOException {
        long stamp = lock.readLock();
        try {
            TokenScope[] shared = scopes;
            int scopeCount = scopeIndex.size();
            out.writeInt(scopeCount);
            for (int i = 0; i < scopeCount; i++) {
                SnapshotFields.writeScope(out, shared[i]);
            }
            Table t = table;
            out.writeInt(size);
            Map<Integer, String> otherIds = new TreeMap<>();
            int ordinal = 0;
            for (int slot = 0; slot < t.capacity; slot++) {
                long meta = t.word(slot, META);
                if ((meta & STATE) == FULL) {
                    if ((meta & OTHER_ID) != 0) {
                        otherIds.put(ordinal, t.otherId(slot));
                    }
                    ordinal++;
                }
            }
            if (ordinal != size) {
                throw new IllegalStateException("the index counted " + size + " tokens but holds " + ordinal);
            }
            out.writeInt(otherIds.size());
            for (Map.Entry<Integer, String> other : otherIds.entrySet()) {
                out.writeInt(other.getKey());
                out.writeUTF(other.getValue());
            }
            ByteBuffer block = ByteBuffer.allocate(SNAPSHOT_BLOCK_SLOTS * SLOT_BYTES);
            for (int slot = 0; slot < t.capacity; slot++) {
                if ((t.word(slot, META) & STATE) == FULL) {
                    for (int word = 0; word < SLOT_WORDS; word++) {
                        block.putLong(t.word(slot, word));
                    }
                    if (!block.hasRemaining()) {
                        out.write(block.array(), 0, block.position());
                        block.clear();
                    }
                }
            }
            out.write(block.array(), 0, block.position());
            Map<String, AllowedNetworks> restricted = new TreeMap<>(networks);
            out.writeInt(restricted.size());
            for (Map.Entry<String, AllowedNetworks> token : restricted.entrySet()) {
                out.writeUTF(token.getKey());
                out.writeInt(token.getValue().cidrs().size());
                for (String cidr : token.getValue().cidrs()) {
                    out.writeUTF(cidr);
                }
            }
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /**
     * An index holding what {@link #writeTo} wrote. Nothing read is trusted for more than staying in bounds: the
     * snapshot's checksum, checked once all is read, decides whether the index is used at all.
     */
    static AuthLookupIndex readFrom(DataInputStream in) throws IOException {
        int scopeCount = SnapshotFields.count(in);
        AuthLookupIndex index = new AuthLookupIndex(0);
        for (int i = 0; i < scopeCount; i++) {
            index.scopeIndexOf(SnapshotFields.readScope(in));
        }
        int tokens = SnapshotFields.count(in);
        int otherCount = SnapshotFields.count(in);
        Map<Integer, String> otherIds = new HashMap<>();
        for (int i = 0; i < otherCount; i++) {
            otherIds.put(in.readInt(), in.readUTF());
        }
        // Sized for the count, but no more than a million up front: a damaged count must not allocate gigabytes;
        // a larger index grows as its tokens come.
        Table t = new Table(capacityFor(Math.min(tokens, PRESIZE_LIMIT)));
        byte[] block = new byte[SNAPSHOT_BLOCK_SLOTS * SLOT_BYTES];
        LongBuffer words = ByteBuffer.wrap(block).asLongBuffer();
        long[] h = new long[4];
        Set<String> restrictedIds = new HashSet<>();
        for (int n = 0; n < tokens; ) {
            int slots = Math.min(SNAPSHOT_BLOCK_SLOTS, tokens - n);
            in.readFully(block, 0, slots * SLOT_BYTES);
            for (int s = 0; s < slots; s++, n++) {
                int at = s * SLOT_WORDS;
                for (int i = 0; i < 4; i++) {
                    h[i] = words.get(at + HASH_0 + i);
                }
                long meta = words.get(at + META);
                String other = (meta & OTHER_ID) != 0 ? otherIds.get(n) : null;
                if ((meta & STATE) != FULL || (int) (meta >>> SCOPE_SHIFT) >= scopeCount
                        || ((meta & OTHER_ID) != 0) != (other != null)) {
                    throw new IOException("token " + n + " of the snapshot is not a valid slot");
                }
                TokenId id = other != null ? new TokenId(other.hashCode(), 0, other)
                        : new TokenId(words.get(at + ID_HIGH), words.get(at + ID_LOW), null);
                if ((meta & RESTRICTED) != 0) {
                    restrictedIds.add(id.text());
                }
                if (t.used + 1 > t.capacity * MAX_LOAD) {
                    t = index.rehash(t, capacityFor(n + 1));
                }
                t.insert(h, id, words.get(at + UNTIL_SECONDS), meta);
            }
        }
        index.table = t;
        index.size = tokens;
        int restrictedCount = SnapshotFields.count(in);
        for (int i = 0; i < restrictedCount; i++) {
            String tokenId = in.readUTF();
            int cidrCount = SnapshotFields.count(in);
            if (cidrCount == 0 || cidrCount > AllowedNetworks.MAX_ENTRIES) {
                throw new IOException("token " + tokenId + " of the snapshot has " + cidrCount + " networks");
            }
            List<String> cidrs = new ArrayList<>();
            for (int c = 0; c < cidrCount; c++) {
                cidrs.add(in.readUTF());
            }
            try {
                index.networks.put(tokenId, AllowedNetworks.parse(cidrs));
            } catch (AllowedNetworks.InvalidNetwork e) {
                throw new IOException("token " + tokenId + " of the snapshot has invalid networks: " + e.getMessage());
            }
        }
        if (!restrictedIds.equals(index.networks.keySet())) {
            throw new IOException("the snapshot's restricted tokens and their networks do not match");
        }
        return index;
    }

    private void putLocked(TokenId id, long[] h, int scope, Role role, Instant validUntil, boolean restricted) {
        Table t = table;
        int previous = t.slotOfId(id);
        if (previous >= 0) {
            t.remove(previous);
            size--;
        }
        int sameSecret = t.slotOfHash(h[0], h[1], h[2], h[3]);
        if (sameSecret >= 0) { // another token's secret: cannot happen with random secrets; the latest event wins
            t.remove(sameSecret);
            size--;
        }
        if (Math.max(t.used, t.idsUsed) + 1 > t.capacity * MAX_LOAD) {
            t = rehash(t, capacityFor(size + 1));
        }
        long meta = FULL | (long) role.ordinal() << ROLE_SHIFT | (long) validUntil.getNano() << NANOS_SHIFT
                | (restricted ? RESTRICTED : 0) | (long) scope << SCOPE_SHIFT;
        t.insert(h, id, validUntil.getEpochSecond(), meta);
        size++;
    }

    private Table rehash(Table from, int capacity) {
        Table to = new Table(capacity);
        for (int slot = 0; slot < from.capacity; slot++) {
            if ((from.word(slot, META) & STATE) == FULL) {
                to.copyFrom(from, slot);
            }
        }
        table = to;
        return to;
    }

    /** The shared scope's number; called under the write lock. */
    private int scopeIndexOf(TokenScope scope) {
        Integer known = scopeIndex.get(scope);
        if (known != null) {
            return known;
        }
        int index = scopeIndex.size();
        if (index >= 1 << (64 - SCOPE_SHIFT)) {
            throw new IllegalStateException("more distinct token scopes than the index can number");
        }
        TokenScope[] current = scopes;
        if (index == current.length) {
            current = Arrays.copyOf(current, index * 2);
        }
        current[index] = scope;
        scopes = current;
        scopeIndex.put(scope, index);
        return index;
    }

    private static int capacityFor(int tokens) {
        long slots = (long) Math.ceil(tokens / REHASH_LOAD);
        long pages = Math.max(1, (slots + PAGE_SLOTS - 1) / PAGE_SLOTS);
        if (pages * PAGE_SLOTS > Integer.MAX_VALUE / 2) {
            throw new IllegalStateException("too many active tokens for one index: " + tokens);
        }
        return (int) Math.max(MIN_CAPACITY, pages * PAGE_SLOTS);
    }

    /** From the form events carry: base64url without padding. */
    private static long[] decodeHash(String base64url) {
        return words(Base64.getUrlDecoder().decode(base64url));
    }

    /** A 32-byte hash as the four words a slot keeps. */
    private static long[] words(byte[] hash) {
        if (hash.length != 32) {
            throw new IllegalArgumentException("expected a 32-byte hash");
        }
        ByteBuffer words = ByteBuffer.wrap(hash);
        return new long[] {words.getLong(), words.getLong(), words.getLong(), words.getLong()};
    }

    private static String canonical(TokenScope scope) {
        if (scope instanceof TokenScope.SelectorScope selector) {
            return "selector:" + selector.projectId() + "/" + selector.regionId() + "/" + new TreeMap<>(selector.selector());
        }
        return "instance:" + ((TokenScope.InstanceScope) scope).instance();
    }

    /** Spreads 64 bits over all of them (the finaliser of SplitMix64), for probing. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * A token id as the table keeps it: a canonical UUID (what the command side generates) as its 128 bits, any
     * other id as its string (then {@code high} is only its hash code, for probing).
     */
    private record TokenId(long high, long low, String other) {

        static TokenId of(String id) {
            if (id.length() == 36) {
                try {
                    UUID uuid = UUID.fromString(id);
                    if (uuid.toString().equals(id)) {
                        return new TokenId(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits(), null);
                    }
                } catch (IllegalArgumentException notAUuid) {
                    // kept as a string below
                }
            }
            return new TokenId(id.hashCode(), 0, id);
        }

        int spread() {
            return (int) (mix(high ^ mix(low)) >>> 32);
        }

        /** The id as events spell it. */
        String text() {
            return other != null ? other : new UUID(high, low).toString();
        }
    }

    /**
     * What a reader copied out of a slot. Filled possibly more than once (optimistically, then under the read
     * lock) and turned into an {@link AuthEntry} only after a consistent read, so a torn read never builds one.
     */
    private static final class Found {
        private int slot = -1;
        private long idHigh, idLow, untilSeconds, meta;
        private String otherId;
        private TokenScope scope;

        void read(Table t, TokenScope[] shared, long[] h) {
            slot = t.slotOfHash(h[0], h[1], h[2], h[3]);
            if (slot >= 0) {
                copy(t, shared, slot);
            }
        }

        /** Copies the slot's words; bounds-checked, as a read racing a writer may see any value. */
        void copy(Table t, TokenScope[] shared, int at) {
            slot = at;
            idHigh = t.word(at, ID_HIGH);
            idLow = t.word(at, ID_LOW);
            untilSeconds = t.word(at, UNTIL_SECONDS);
            meta = t.word(at, META);
            otherId = (meta & OTHER_ID) != 0 ? t.otherId(at) : null;
            int scopeAt = (int) (meta >>> SCOPE_SHIFT);
            scope = scopeAt < shared.length ? shared[scopeAt] : null;
        }

        AuthEntry entry(Map<String, AllowedNetworks> restrictions) {
            if (slot < 0) {
                return null;
            }
            String tokenId = (meta & OTHER_ID) != 0 ? otherId : new UUID(idHigh, idLow).toString();
            return new AuthEntry(tokenId, scope, ROLES[(int) (meta >>> ROLE_SHIFT & 1)],
                    Instant.ofEpochSecond(untilSeconds, meta >>> NANOS_SHIFT & NANOS_MASK),
                    (meta & RESTRICTED) == 0 ? AllowedNetworks.ANY : restrictions.get(tokenId));
        }
    }

    /**
     * The slots, and an index from token id to slot (the same open addressing over {@code int}s holding slot+1;
     * 0 is free, -1 removed). Token ids are the UUIDs the command side generates and are kept as their 128 bits;
     * any other id (tests, old data) is kept as its string beside the slot. Every probe visits at most
     * {@code capacity} slots, so even a reader racing a writer always ends.
     */
    private static final class Table {
        final int capacity;
        final long[][] pages;
        final int[][] idPages;
        String[][] otherIdPages; // created on the first id that is not a UUID
        int used; // slots that are full or removed
        int idsUsed; // id entries that point to a slot or are removed

        Table(int capacity) {
            this.capacity = capacity;
            this.pages = new long[capacity >>> PAGE_SHIFT][PAGE_SLOTS * SLOT_WORDS];
            this.idPages = new int[capacity >>> PAGE_SHIFT][PAGE_SLOTS];
        }

        long word(int slot, int word) {
            return pages[slot >>> PAGE_SHIFT][(slot & (PAGE_SLOTS - 1)) * SLOT_WORDS + word];
        }

        void set(int slot, int word, long value) {
            pages[slot >>> PAGE_SHIFT][(slot & (PAGE_SLOTS - 1)) * SLOT_WORDS + word] = value;
        }

        private int idEntry(int at) {
            return idPages[at >>> PAGE_SHIFT][at & (PAGE_SLOTS - 1)];
        }

        private void setIdEntry(int at, int value) {
            idPages[at >>> PAGE_SHIFT][at & (PAGE_SLOTS - 1)] = value;
        }

        String otherId(int slot) {
            String[][] other = otherIdPages;
            return other == null ? null : other[slot >>> PAGE_SHIFT][slot & (PAGE_SLOTS - 1)];
        }

        private void setOtherId(int slot, String id) {
            if (otherIdPages == null) {
                if (id == null) {
                    return;
                }
                otherIdPages = new String[capacity >>> PAGE_SHIFT][PAGE_SLOTS];
            }
            otherIdPages[slot >>> PAGE_SHIFT][slot & (PAGE_SLOTS - 1)] = id;
        }

        /** The id of the token in a full slot. */
        private TokenId idAt(int slot) {
            return new TokenId(word(slot, ID_HIGH), word(slot, ID_LOW),
                    (word(slot, META) & OTHER_ID) != 0 ? otherId(slot) : null);
        }

        /** Maps 32 well-spread bits (the high half of {@code spread}) onto [0, capacity) without a modulo. */
        private int home(long spread) {
            return (int) (((spread >>> 32) * capacity) >>> 32);
        }

        private int home(int spread) {
            return (int) (((spread & 0xFFFFFFFFL) * capacity) >>> 32);
        }

        private int next(int at) {
            return at + 1 == capacity ? 0 : at + 1;
        }

        /** The slot holding this hash, or -1. All four words are compared on every visited slot, no early exit. */
        int slotOfHash(long h0, long h1, long h2, long h3) {
            int at = home(h0); // an HMAC output: already uniform
            for (int visited = 0; visited < capacity; visited++, at = next(at)) {
                long state = word(at, META) & STATE;
                if (state == EMPTY) {
                    return -1;
                }
                long difference = (word(at, HASH_0) ^ h0) | (word(at, HASH_0 + 1) ^ h1)
                        | (word(at, HASH_0 + 2) ^ h2) | (word(at, HASH_0 + 3) ^ h3);
                if (state == FULL && difference == 0) {
                    return at;
                }
            }
            return -1;
        }

        int slotOfId(TokenId id) {
            int at = home(id.spread());
            for (int visited = 0; visited < capacity; visited++, at = next(at)) {
                int entry = idEntry(at);
                if (entry == 0) {
                    return -1;
                }
                if (entry > 0) {
                    int slot = entry - 1;
                    boolean isOther = (word(slot, META) & OTHER_ID) != 0;
                    if (id.other() == null ? !isOther && word(slot, ID_HIGH) == id.high() && word(slot, ID_LOW) == id.low()
                            : isOther && id.other().equals(otherId(slot))) {
                        return slot;
                    }
                }
            }
            return -1;
        }

        void insert(long[] h, TokenId id, long untilSeconds, long meta) {
            int slot = home(h[0]);
            while ((word(slot, META) & STATE) == FULL) {
                slot = next(slot);
            }
            if ((word(slot, META) & STATE) == EMPTY) {
                used++;
            }
            for (int i = 0; i < 4; i++) {
                set(slot, HASH_0 + i, h[i]);
            }
            set(slot, ID_HIGH, id.high());
            set(slot, ID_LOW, id.low());
            set(slot, UNTIL_SECONDS, untilSeconds);
            setOtherId(slot, id.other());
            set(slot, META, id.other() != null ? meta | OTHER_ID : meta & ~OTHER_ID);

            int at = home(id.spread());
            while (idEntry(at) > 0) {
                at = next(at);
            }
            if (idEntry(at) == 0) {
                idsUsed++;
            }
            setIdEntry(at, slot + 1);
        }

        void copyFrom(Table from, int slot) {
            long[] h = {from.word(slot, HASH_0), from.word(slot, HASH_0 + 1), from.word(slot, HASH_0 + 2),
                    from.word(slot, HASH_0 + 3)};
            insert(h, from.idAt(slot), from.word(slot, UNTIL_SECONDS), from.word(slot, META));
        }

        /** Marks the slot removed and forgets its contents; probes go on past it until the next rehash. */
        void remove(int slot) {
            int at = home(idAt(slot).spread());
            for (int visited = 0; visited < capacity; visited++, at = next(at)) {
                if (idEntry(at) == slot + 1) {
                    setIdEntry(at, -1);
                    break;
                }
            }
            for (int word = 0; word < SLOT_WORDS - 1; word++) {
                set(slot, word, 0);
            }
            set(slot, META, REMOVED);
            setOtherId(slot, null);
        }

    }
}
