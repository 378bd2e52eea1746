package dev.tokenauthority.query.authlookup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;

/** One complete auth-lookup model: the active secrets and the live instances, always swapped together. */
public record AuthState(AuthLookupIndex tokens, InstanceRegistry instances) {

    public static AuthState empty() {
        return new AuthState(new AuthLookupIndex(), new InstanceRegistry());
    }

    /**
     * SHA-256 over a canonical listing of the whole state (every active secret's hash, token, scope, role and
     * validUntil; every live instance and its labels), independent of insertion order: two states with equal
     * digests answer every verify call alike.
     */
    public String digest() {
        MessageDigest sha256 = sha256();
        Stream.concat(tokens.canonicalLines(), instances.canonicalLines().map(line -> "instance " + line))
                .forEachOrdered(line -> sha256.update((line + "\n").getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(sha256.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
