package dev.tokenauthority.query.authlookup;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * One complete auth-lookup model: the active secrets, the live instances, the service accounts' keys and the
 * superseded secrets of live tokens, always swapped together.
 */
public record AuthState(AuthLookupIndex tokens, InstanceRegistry instances, ServiceAccountDirectory serviceAccounts,
                        SupersededSecrets superseded) {

    public static AuthState empty() {
        return new AuthState(new AuthLookupIndex(), new InstanceRegistry(), new ServiceAccountDirectory(),
                new SupersededSecrets());
    }

    /**
     * The live token that had a secret with this hash before a regeneration, or {@code null}: a signal, never a
     * reason to open anything.
     */
    public String supersededOwner(byte[] secretHash) {
        SupersededSecrets.Owner owner = superseded.ownerOf(secretHash);
        return owner != null && isLive(owner) ? owner.tokenId() : null;
    }

    /** Whether the token a superseded secret was for is the live token under its id (the same one, and active). */
    boolean isLive(SupersededSecrets.Owner owner) {
        return tokens.validUntilOf(owner.tokenId()) == owner.validUntil();
    }

    /**
     * A digest of the whole state (every active secret's hash, token, scope, role and validUntil; every live
     * instance and its labels; every service account's key hash, project, role and validUntil; every superseded secret
     * of a live token), independent of insertion order: two states with equal digests answer every
     * verify call alike. It adds up, modulo 2^256, each canonical line's SHA-256, so a million tokens need no
     * sorted copy of their lines in memory.
     */
    public String digest() {
        MessageDigest lineDigest = sha256();
        BigInteger[] sum = {BigInteger.ZERO};
        Consumer<String> add = line -> sum[0] = sum[0].add(new BigInteger(1, lineDigest.digest(line.getBytes(StandardCharsets.UTF_8))));
        tokens.forEachCanonicalLine(add);
        instances.canonicalLines().forEach(line -> add.accept("instance " + line));
        serviceAccounts.canonicalLines().forEach(add);
        superseded.forEachCanonicalLine(this::isLive, add);
        byte[] total = sha256().digest(sum[0].mod(BigInteger.ONE.shiftLeft(256)).toString(16).getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(total);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
