package dev.tokenauthority.query;

import dev.tokenauthority.events.access.Role;
import dev.tokenauthority.events.instance.InstanceRegistered;
import dev.tokenauthority.events.instance.InstanceType;
import dev.tokenauthority.events.secret.SecretHasher;
import dev.tokenauthority.events.token.TokenCreated;
import dev.tokenauthority.events.token.TokenRegenerated;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Token and instance events for projection tests, with real keyed hashes. */
public final class TestEvents {

    public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    public static final Duration LIFETIME = Duration.ofDays(30);
    public static final SecretHasher HASHER = new SecretHasher(key());

    private TestEvents() {
    }

    private static byte[] key() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 42);
        return key;
    }

    /** An operator token for instance {@code instanceId} of p-1/eu01. */
    public static TokenCreated created(String tokenId, String instanceId, String secret) {
        return new TokenCreated(tokenId, "p-1", "eu01", instanceId, Map.of(), Role.OPERATOR, "name-" + tokenId, "",
                Map.of("team", "ml"), HASHER.hash(secret), T0, T0.plus(LIFETIME), "deadline-" + tokenId);
    }

    /** A selector token of p-1 in {@code regionId}. */
    public static TokenCreated createdForSelector(String tokenId, String regionId, Map<String, String> selector, Role role,
                                                  String secret) {
        return new TokenCreated(tokenId, "p-1", regionId, null, selector, role, "name-" + tokenId, "", Map.of(),
                HASHER.hash(secret), T0, T0.plus(LIFETIME), "deadline-" + tokenId);
    }

    public static TokenRegenerated regenerated(String tokenId, String secret, int generation) {
        return new TokenRegenerated(tokenId, HASHER.hash(secret), generation, T0.plusSeconds(generation));
    }

    /** An app of p-1 in {@code regionId} with {@code labels} plus the reserved ones. */
    public static InstanceRegistered registered(String instanceId, String regionId, Map<String, String> labels) {
        Map<String, String> all = new HashMap<>(labels);
        all.put("token-authority/id", instanceId);
        all.put("token-authority/type", "app");
        return new InstanceRegistered(instanceId, "p-1", regionId, InstanceType.APP, "app-" + instanceId, all, T0);
    }
}
