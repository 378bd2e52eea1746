package dev.tokenauthority.query.authlookup;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A 32-byte keyed hash as a map key: four longs instead of a byte array or a string, which keeps the index
 * small (one object of 48 bytes per token) and its comparisons cheap.
 */
final class HashKey {

    private final long a;
    private final long b;
    private final long c;
    private final long d;

    private HashKey(long a, long b, long c, long d) {
        this.a = a;
        this.b = b;
        this.c = c;
        this.d = d;
    }

    static HashKey of(byte[] hash) {
        if (hash.length != 32) {
            throw new IllegalArgumentException("expected a 32-byte hash");
        }
        ByteBuffer buffer = ByteBuffer.wrap(hash);
        return new HashKey(buffer.getLong(), buffer.getLong(), buffer.getLong(), buffer.getLong());
    }

    /** From the form events carry: base64url without padding. */
    static HashKey ofEncoded(String base64url) {
        return of(Base64.getUrlDecoder().decode(base64url));
    }

    /** For digests of the model: the hash as it is, never for display. */
    String hex() {
        HexFormat hex = HexFormat.of();
        return hex.toHexDigits(a) + hex.toHexDigits(b) + hex.toHexDigits(c) + hex.toHexDigits(d);
    }

    @Override
    public boolean equals(Object other) {
        // No early exit: all four words are always compared.
        return other instanceof HashKey key && ((a ^ key.a) | (b ^ key.b) | (c ^ key.c) | (d ^ key.d)) == 0;
    }

    @Override
    public int hashCode() {
        return (int) a; // the bytes are an HMAC output: any 32 bits of it are uniformly spread
    }

    @Override
    public String toString() {
        return "HashKey[redacted]";
    }
}
