package dev.tokenauthority.query.authlookup;

import static dev.tokenauthority.query.TestEvents.HASHER;
import static dev.tokenauthority.query.TestEvents.T0;
import static dev.tokenauthority.query.TestEvents.created;
import static dev.tokenauthority.query.TestEvents.regenerated;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenauthority.events.token.TokenCreated;
import dev.tokenauthority.events.token.TokenExpired;
import dev.tokenauthority.events.token.TokenRegenerated;
import dev.tokenauthority.events.token.TokenRevoked;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthLookupProjectionTests {

    private final AuthLookupModel model = new AuthLookupModel();
    private final AuthLookupProjection projection = new AuthLookupProjection(model);

    private AuthLookupIndex index() {
        return model.live().tokens();
    }

    private boolean opens(String secret) {
        return index().find(HASHER.hashBytes(secret)).isPresent();
    }

    /** A rebuild as the replay runs it: a projection of its own into a model beside the live one, then the switch. */
    private void replay(List<Object> history) {
        AuthLookupRebuild rebuild = new AuthLookupRebuild(model);
        AuthLookupProjection rebuilding = (AuthLookupProjection) rebuild.beginRebuild().get(0);
        for (Object event : history) {
            apply(rebuilding, event);
        }
        rebuild.switchToRebuilt();
    }

    private void apply(Object event) {
        apply(projection, event);
    }

    private static void apply(AuthLookupProjection projection, Object event) {
        if (event instanceof TokenCreated e) {
            projection.on(e);
        } else if (event instanceof TokenRegenerated e) {
            projection.on(e);
        } else if (event instanceof TokenRevoked e) {
            projection.on(e);
        } else if (event instanceof TokenExpired e) {
            projection.on(e);
        } else {
            throw new IllegalArgumentException(event.toString());
        }
    }

    @Test
    void createdThenSecretFoundWithItsScope() {
        projection.on(created("t1", "i-1", "s1"));
        AuthEntry entry = index().find(HASHER.hashBytes("s1")).orElseThrow();
        assertThat(entry.tokenId()).isEqualTo("t1");
        assertThat(entry.scope()).isEqualTo(new TokenScope.InstanceScope(new InstanceKey("p-1", "eu01", "i-1")));
        assertThat(entry.role()).isEqualTo(dev.tokenauthority.events.access.Role.OPERATOR);
        assertThat(entry.validUntil()).isAfter(T0);
    }

    @Test
    void regeneratedThenOnlyNewSecretFound() {
        projection.on(created("t1", "i-1", "s1"));
        projection.on(regenerated("t1", "s2", 2));
        assertThat(opens("s1")).isFalse();
        assertThat(opens("s2")).isTrue();
        assertThat(index().size()).isEqualTo(1);
    }

    @Test
    void revokedThenNoSecretFound() {
        projection.on(created("t1", "i-1", "s1"));
        projection.on(new TokenRevoked("t1", T0));
        assertThat(opens("s1")).isFalse();
        assertThat(index().size()).isZero();
    }

    @Test
    void expiredThenNoSecretFound() {
        projection.on(created("t1", "i-1", "s1"));
        projection.on(new TokenExpired("t1", T0));
        assertThat(opens("s1")).isFalse();
    }

    @Test
    void regeneratedAfterRevokeThenNothingComesBack() {
        projection.on(created("t1", "i-1", "s1"));
        projection.on(new TokenRevoked("t1", T0));
        projection.on(regenerated("t1", "s2", 2)); // cannot happen, but must not resurrect the token
        assertThat(opens("s2")).isFalse();
    }

    @Test
    void replayOfRegeneratedTwiceThenRevokedThenNoneOfItsSecretsFound() {
        replay(List.of(created("t1", "i-1", "s1"), regenerated("t1", "s2", 2), regenerated("t1", "s3", 3),
                new TokenRevoked("t1", T0)));
        assertThat(opens("s1")).isFalse();
        assertThat(opens("s2")).isFalse();
        assertThat(opens("s3")).isFalse();
    }

    @Test
    void replayOfRegeneratedOnceThenOnlyNewestFound() {
        List<Object> history = List.of(created("t1", "i-1", "s1"), regenerated("t1", "s2", 2),
                created("t2", "i-2", "u1"));
        replay(history);
        replay(history); // a second replay over a filled index changes nothing either
        assertThat(opens("s1")).isFalse();
        assertThat(opens("s2")).isTrue();
        assertThat(opens("u1")).isTrue();
        assertThat(index().size()).isEqualTo(2);
    }

    @Test
    void createdDeliveredTwiceThenStillOneEntry() {
        projection.on(created("t1", "i-1", "s1"));
        projection.on(created("t1", "i-1", "s1"));
        assertThat(index().size()).isEqualTo(1);
    }

    @Test
    void resetThenRebuildsBesideTheLiveModelAndSwitches() {
        projection.on(created("t1", "i-1", "s1"));
        projection.on(dev.tokenauthority.query.TestEvents.registered("i-1", "eu01", java.util.Map.of()));
        AuthLookupRebuild rebuild = new AuthLookupRebuild(model);
        AuthLookupProjection rebuilding = (AuthLookupProjection) rebuild.beginRebuild().get(0);
        assertThat(opens("s1")).as("the live model answers until the rebuilt one replaces it").isTrue();
        rebuilding.on(created("t2", "i-1", "s2"));
        assertThat(opens("s2")).as("the replay writes beside the live model").isFalse();
        String replaced = model.live().digest();
        rebuild.switchToRebuilt();
        assertThat(opens("s1")).isFalse();
        assertThat(opens("s2")).isTrue();
        assertThat(model.live().instances().size()).isZero();
        assertThat(rebuild.replacedDigest()).as("the replaced model, kept for the replay's comparison").isEqualTo(replaced);
    }
}
