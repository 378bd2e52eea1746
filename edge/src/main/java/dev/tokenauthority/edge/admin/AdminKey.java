package dev.tokenauthority.edge.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * An admin credential and the principal it stands for. Keeps only a SHA-256 digest of the key, and compares
 * digests in constant time, so the comparison leaks neither the key's length nor its prefix.
 */
public final class AdminKey {

    private final String principal;
    private final byte[] digest;

    public AdminKey(String principal, String key) {
        this.principal = principal;
        this.digest = sha256(key);
    }

    public String principal() {
        return principal;
    }

    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    @Override
    public String toString() {
        return "AdminKey[" + principal + "]";
    }
}
