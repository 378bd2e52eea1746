package dev.tokenauthority.query.authlookup;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.SortedSet;
import java.util.TreeSet;
import javax.crypto.Mac;
import org.axonframework.eventhandling.GapAwareTrackingToken;

/**
 * The auth-lookup model as bytes, with the position it reflects, for a start that need not replay the whole store.
 *
 * <pre>
 *   magic "TKA-AUTH-LOOKUP\n", format version (int)
 *   key id (the service key it was built under), written at (epoch ms)
 *   position: token index, gaps; witness: one event's global index and identifier (whether it is this store)
 *   tokens (shared scopes, one 64-byte slot per token, allowed networks), instances, service accounts, superseded
 *   secrets
 *   HMAC-SHA256 of everything above, under the {@link SnapshotKey}
 * </pre>
 *
 * Reading checks everything before the state is used: magic, version, key id, counts, every record, the MAC and the
 * end of input. Any failure is an {@link InvalidSnapshot} and nothing of it reaches the live model.
 */
public final class AuthLookupSnapshot {

    private static final byte[] MAGIC = "TKA-AUTH-LOOKUP\n".getBytes(StandardCharsets.US_ASCII);
    // 2: the ids that are not UUIDs before the slots, slots in blocks; 3: the superseded secrets of live tokens;
    // 4: a bit for "has allowed networks" in the slots' META word (the scope one bit further up), the networks after
    private static final int VERSION = 4;
    private static final int MAX_GAPS = 1_000_000;

    /** A state, where it stands in the event stream, and one event there by which to recognise the store. */
    public record Contents(AuthState state, GapAwareTrackingToken position, Witness witness, Instant writtenAt) {
    }

    /** The event at a global index of the store the snapshot was built from. */
    public record Witness(long globalIndex, String eventIdentifier) {
    }

    /** Why a snapshot cannot be used. */
    public static final class InvalidSnapshot extends Exception {
        public InvalidSnapshot(String reason) {
            super(reason);
        }

        InvalidSnapshot(String reason, Throwable cause) {
            super(reason + ": " + cause.getMessage(), cause);
        }
    }

    private AuthLookupSnapshot() {
    }

    public static void write(OutputStream target, Contents contents, SnapshotKey key) throws IOException {
        Mac mac = key.newMac();
        BufferedOutputStream buffered = new BufferedOutputStream(target, 1 << 16);
        DataOutputStream out = new DataOutputStream(new MacOutputStream(buffered, mac));
        out.write(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(key.id());
        out.writeLong(contents.writtenAt().toEpochMilli());
        out.writeLong(contents.position().getIndex());
        out.writeInt(contents.position().getGaps().size());
        for (long gap : contents.position().getGaps()) {
            out.writeLong(gap);
        }
        out.writeLong(contents.witness().globalIndex());
        out.writeUTF(contents.witness().eventIdentifier());
        contents.state().tokens().writeTo(out);
        contents.state().instances().writeTo(out);
        contents.state().serviceAccounts().writeTo(out);
        contents.state().superseded().writeTo(out, contents.state()::isLive);
        out.flush();
        buffered.write(mac.doFinal());
        buffered.flush();
    }

    public static Contents read(InputStream source, SnapshotKey key) throws InvalidSnapshot {
        Mac mac = key.newMac();
        BufferedInputStream buffered = new BufferedInputStream(source, 1 << 16);
        DataInputStream in = new DataInputStream(new MacInputStream(buffered, mac));
        try {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new InvalidSnapshot("not a snapshot of the auth lookup");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new InvalidSnapshot("format version " + version + ", this build reads " + VERSION);
            }
            String keyId = in.readUTF();
            if (!keyId.equals(key.id())) {
                throw new InvalidSnapshot("built under HMAC key " + keyId + ", this node's key is " + key.id());
            }
            Instant writtenAt = Instant.ofEpochMilli(in.readLong());
            long index = in.readLong();
            int gapCount = in.readInt();
            if (gapCount < 0 || gapCount > MAX_GAPS) {
                throw new InvalidSnapshot("implausible number of gaps " + gapCount);
            }
            SortedSet<Long> gaps = new TreeSet<>();
            for (int i = 0; i < gapCount; i++) {
                long gap = in.readLong();
                if (gap < 0 || gap >= index) {
                    throw new InvalidSnapshot("gap " + gap + " outside the position " + index);
                }
                gaps.add(gap);
            }
            Witness witness = new Witness(in.readLong(), in.readUTF());
            AuthState state = new AuthState(AuthLookupIndex.readFrom(in), InstanceRegistry.readFrom(in),
                    ServiceAccountDirectory.readFrom(in), SupersededSecrets.readFrom(in));
            byte[] expected = mac.doFinal();
            byte[] found = buffered.readNBytes(expected.length);
            if (!MessageDigest.isEqual(expected, found)) {
                throw new InvalidSnapshot(found.length < expected.length ? "truncated" : "checksum does not match");
            }
            if (buffered.read() != -1) {
                throw new InvalidSnapshot("data after the checksum");
            }
            return new Contents(state, GapAwareTrackingToken.newInstance(index, gaps), witness, writtenAt);
        } catch (EOFException e) {
            throw new InvalidSnapshot("truncated");
        } catch (IOException | RuntimeException e) {
            throw new InvalidSnapshot("unreadable", e);
        }
    }

    /** Feeds every byte written through it to the MAC. */
    private static final class MacOutputStream extends FilterOutputStream {
        private final Mac mac;

        MacOutputStream(OutputStream out, Mac mac) {
            super(out);
            this.mac = mac;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            mac.update((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            mac.update(b, off, len);
        }
    }

    /** Feeds every byte read through it to the MAC. */
    private static final class MacInputStream extends FilterInputStream {
        private final Mac mac;

        MacInputStream(InputStream in, Mac mac) {
            super(in);
            this.mac = mac;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                mac.update((byte) b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                mac.update(b, off, n);
            }
            return n;
        }
    }
}
