package dev.tokenauthority.query;

import dev.tokenauthority.events.secret.SecretHasher;
import dev.tokenauthority.events.token.TokenCreated;
import dev.tokenauthority.events.token.TokenRegenerated;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/** Token events for projection tests, with real keyed hashes of real-looking secrets. */
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

    public static TokenCreated created(String tokenId, String instanceId, String secret) {
        return new TokenCreated(tokenId, "p-1", "eu01", instanceId, "name-" + tokenId, "", Map.of("team", "ml"),
                HASHER.hash(secret), T0, T0.plus(LIFETIME), "deadline-" + tokenId);
    }

    public static TokenRegenerated regenerated(String tokenId, String secret, int generation) {
        return new TokenRegenerated(tokenId, HASHER.hash(secret), generation, T0.plusSeconds(generation));
    }
}
