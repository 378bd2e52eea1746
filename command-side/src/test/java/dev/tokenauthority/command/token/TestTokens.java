package dev.tokenauthority.command.token;

import dev.tokenauthority.events.token.TokenCreated;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Shared test data for the token aggregate. */
final class TestTokens {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration LIFETIME = Duration.ofDays(30);
    static final String ID = "0b6f1c1e-8f3c-4a55-9d51-3e1e3c6b9a10";
    static final InstancePath INSTANCE = new InstancePath("p-1", "eu01", "i-1");
    static final InstancePath OTHER_INSTANCE = new InstancePath("p-1", "eu01", "i-2");
    static final String HASH_1 = "hash-one";
    static final String HASH_2 = "hash-two";

    private TestTokens() {
    }

    static CreateToken create() {
        return create("ci-token");
    }

    static CreateToken create(String name) {
        return new CreateToken(ID, INSTANCE, name, "for CI", Map.of("team", "ml"), LIFETIME, HASH_1);
    }

    static TokenCreated created() {
        return new TokenCreated(ID, "p-1", "eu01", "i-1", "ci-token", "for CI", Map.of("team", "ml"), HASH_1,
                T0, T0.plus(LIFETIME), "ignored-by-the-fixture");
    }
}
