package dev.tokenauthority.query.authlookup;

import dev.tokenauthority.events.secret.SecretHasher;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a snapshot of the auth lookup is signed with, derived from the service's HMAC key: a key id (written into
 * the snapshot, so a node under another key can say why it ignores it) and a MAC key. Both are HMACs of fixed
 * labels under the service key, so neither reveals it, and a snapshot cannot be forged or altered without it:
 * whoever can write the data directory or the database still cannot slip a secret into the auth lookup.
 */
public final class SnapshotKey {

    private static final String ALGORITHM = "HmacSHA256";

    private final String id;
    private final SecretKeySpec macKey;

    public SnapshotKey(SecretHasher serviceKey) {
        this.id = HexFormat.of().formatHex(serviceKey.hashBytes("token-authority/auth-lookup-snapshot/key-id/v1"), 0, 8);
        this.macKey = new SecretKeySpec(serviceKey.hashBytes("token-authority/auth-lookup-snapshot/mac-key/v1"), ALGORITHM);
    }

    /** Sixteen hex digits naming the service key, the same on every node that shares it. */
    public String id() {
        return id;
    }

    Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(macKey);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }
}
