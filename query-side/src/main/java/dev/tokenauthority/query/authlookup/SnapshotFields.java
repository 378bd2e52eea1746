package dev.tokenauthority.query.authlookup;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The field encodings a snapshot of the auth lookup is made of ({@link AuthLookupSnapshot}): strings as
 * {@link DataOutputStream#writeUTF}, maps in key order, instants as seconds and nanoseconds. Every count read back is
 * checked before anything is allocated for it, so a damaged file fails with an {@link IOException}, not an
 * {@link OutOfMemoryError}.
 */
final class SnapshotFields {

    /** More than any real store holds of one kind, far less than what a damaged count could claim. */
    static final int MAX_COUNT = 100_000_000;
    private static final int MAX_MAP_ENTRIES = 10_000;
    private static final byte INSTANCE_SCOPE = 1, SELECTOR_SCOPE = 2;

    private SnapshotFields() {
    }

    static int count(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > MAX_COUNT) {
            throw new IOException("implausible count " + count);
        }
        return count;
    }

    static void writeScope(DataOutputStream out, TokenScope scope) throws IOException {
        if (scope instanceof TokenScope.InstanceScope instance) {
            out.writeByte(INSTANCE_SCOPE);
            writeInstanceKey(out, instance.instance());
        } else {
            TokenScope.SelectorScope selector = (TokenScope.SelectorScope) scope;
            out.writeByte(SELECTOR_SCOPE);
            out.writeUTF(selector.projectId());
            out.writeUTF(selector.regionId());
            writeMap(out, selector.selector());
        }
    }

    static TokenScope readScope(DataInputStream in) throws IOException {
        byte kind = in.readByte();
        return switch (kind) {
            case INSTANCE_SCOPE -> new TokenScope.InstanceScope(readInstanceKey(in));
            case SELECTOR_SCOPE -> new TokenScope.SelectorScope(in.readUTF(), in.readUTF(), readMap(in));
            default -> throw new IOException("unknown scope kind " + kind);
        };
    }

    static void writeInstanceKey(DataOutputStream out, InstanceKey key) throws IOException {
        out.writeUTF(key.projectId());
        out.writeUTF(key.regionId());
        out.writeUTF(key.instanceId());
    }

    static InstanceKey readInstanceKey(DataInputStream in) throws IOException {
        return new InstanceKey(in.readUTF(), in.readUTF(), in.readUTF());
    }

    static void writeMap(DataOutputStream out, Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> entry : new TreeMap<>(map).entrySet()) {
            out.writeUTF(entry.getKey());
            out.writeUTF(entry.getValue());
        }
    }

    static Map<String, String> readMap(DataInputStream in) throws IOException {
        int size = in.readInt();
        if (size < 0 || size > MAX_MAP_ENTRIES) {
            throw new IOException("implausible map size " + size);
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            map.put(in.readUTF(), in.readUTF());
        }
        return map;
    }

    static void writeNullableString(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    static String readNullableString(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    static void writeInstant(DataOutputStream out, Instant instant) throws IOException {
        out.writeBoolean(instant != null);
        if (instant != null) {
            out.writeLong(instant.getEpochSecond());
            out.writeInt(instant.getNano());
        }
    }

    static Instant readInstant(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        long seconds = in.readLong();
        int nanos = in.readInt();
        try {
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (RuntimeException e) {
            throw new IOException("not an instant: " + seconds + "." + nanos, e);
        }
    }
}
