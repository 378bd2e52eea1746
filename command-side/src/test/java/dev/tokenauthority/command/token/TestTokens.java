package dev.tokenauthority.command.token;

import dev.tokenauthority.command.instance.InstanceDirectory;
import dev.tokenauthority.command.project.ProjectPolicies;
import dev.tokenauthority.events.access.Role;
import dev.tokenauthority.events.token.TokenCreated;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;

/** Shared test data for the token aggregate. */
final class TestTokens {

    /**
     * A fixture of the token aggregate at {@link #T0}, its clock {@code clock}, the instance directory {@link #DIRECTORY},
     * and the signals other modules send ({@link ObservedSignals}, with {@code policies}). The expiry's schedule id is
     * random: tests check the deadline itself with expectScheduledDeadline.
     */
    static FixtureConfiguration<Token> fixture(MutableClock clock, ProjectPolicies policies) {
        FixtureConfiguration<Token> fixture = new AggregateTestFixture<>(Token.class);
        fixture.registerInjectableResource(clock);
        fixture.registerInjectableResource(DIRECTORY);
        fixture.registerIgnoredField(TokenCreated.class, "expiryDeadlineId");
        fixture.givenCurrentTime(T0);
        fixture.registerAnnotatedCommandHandler(new ObservedSignals(fixture.getRepository(), policies));
        return fixture;
    }

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration LIFETIME = Duration.ofDays(30);
    static final String ID = "0b6f1c1e-8f3c-4a55-9d51-3e1e3c6b9a10";
    static final TokenPath INSTANCE = new TokenPath("p-1", "eu01", "i-1");
    static final TokenPath OTHER_INSTANCE = new TokenPath("p-1", "eu01", "i-2");
    static final TokenPath PROJECT = TokenPath.ofProject("p-1", "eu01");
    static final String HASH_1 = "hash-one";
    static final String HASH_2 = "hash-two";
    static final Map<String, String> GROUP_A = Map.of("group", "A");

    /** Only i-1 of p-1/eu01 is registered. */
    static final InstanceDirectory DIRECTORY =
            (projectId, regionId, instanceId) -> "p-1".equals(projectId) && "eu01".equals(regionId) && "i-1".equals(instanceId);

    private TestTokens() {
    }

    static CreateToken create() {
        return create("ci-token");
    }

    static CreateToken create(String name) {
        return new CreateToken(ID, INSTANCE, null, Role.OPERATOR, name, "for CI", Map.of("team", "ml"), LIFETIME, HASH_1, null);
    }

    static CreateToken createWith(TokenPath path, Map<String, String> selector, Role role, Map<String, String> labels,
                                  String description, Duration lifetime) {
        return new CreateToken(ID, path, selector, role, "n", description, labels, lifetime, HASH_1, null);
    }

    static TokenCreated created() {
        return new TokenCreated(ID, "p-1", "eu01", "i-1", Map.of(), Role.OPERATOR, "ci-token", "for CI",
                Map.of("team", "ml"), HASH_1, T0, T0.plus(LIFETIME), "ignored-by-the-fixture");
    }

    static TokenCreated createdForSelector() {
        return new TokenCreated(ID, "p-1", "eu01", null, GROUP_A, Role.READ_ONLY, "n", "", Map.of(), HASH_1, T0,
                T0.plus(LIFETIME), "ignored-by-the-fixture");
    }
}
