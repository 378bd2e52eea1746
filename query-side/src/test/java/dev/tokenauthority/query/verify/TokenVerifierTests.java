package dev.tokenauthority.query.verify;

import static dev.tokenauthority.query.TestEvents.HASHER;
import static dev.tokenauthority.query.TestEvents.LIFETIME;
import static dev.tokenauthority.query.TestEvents.T0;
import static dev.tokenauthority.query.TestEvents.created;
import static dev.tokenauthority.query.TestEvents.createdForSelector;
import static dev.tokenauthority.query.TestEvents.regenerated;
import static dev.tokenauthority.query.TestEvents.registered;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenauthority.events.access.Action;
import dev.tokenauthority.events.access.Role;
import dev.tokenauthority.events.instance.InstanceDeleted;
import dev.tokenauthority.events.secret.TokenSecrets;
import dev.tokenauthority.events.token.TokenAllowedNetworksSet;
import dev.tokenauthority.events.token.TokenRevoked;
import dev.tokenauthority.query.authlookup.AuthLookupModel;
import dev.tokenauthority.query.authlookup.AuthLookupProjection;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenVerifierTests {

    private static final String CLIENT = "192.0.2.1";

    private final AuthLookupModel model = new AuthLookupModel();
    private final AuthLookupProjection projection = new AuthLookupProjection(model);
    private final SecureRandom random = new SecureRandom();
    private final String secret = TokenSecrets.generate(random);

    @BeforeEach
    void setUp() {
        projection.on(registered("i-1", "eu01", Map.of()));
        projection.on(registered("i-2", "eu01", Map.of()));
        projection.on(created("t1", "i-1", secret));
    }

    private TokenVerifier verifierAt(Instant now) {
        return new TokenVerifier(model, HASHER, Clock.fixed(now, ZoneOffset.UTC));
    }

    private Verdict verify(String secret, String regionId, String instanceId, Action action) {
        return verifierAt(T0).verify(secret, CLIENT, "p-1", regionId, instanceId, action);
    }

    @Test
    void validSecretForItsInstanceThenAllowedWithRole() {
        assertThat(verify(secret, "eu01", "i-1", Action.QUERY))
                .isEqualTo(new Verdict(Verdict.Outcome.ALLOWED, Verdict.Reason.VALID, "t1", Role.OPERATOR));
        assertThat(verify(secret, "eu01", "i-1", Action.MANAGE).outcome()).isEqualTo(Verdict.Outcome.ALLOWED);
    }

    @Test
    void validSecretForAnotherInstanceOrRegionOrProjectThenInsufficientScope() {
        assertThat(verify(secret, "eu01", "i-2", Action.QUERY).reason()).isEqualTo(Verdict.Reason.NOT_COVERED);
        assertThat(verify(secret, "eu02", "i-1", Action.QUERY).reason()).isEqualTo(Verdict.Reason.NOT_COVERED);
        assertThat(verifierAt(T0).verify(secret, CLIENT, "p-2", "eu01", "i-1", Action.QUERY).outcome())
                .isEqualTo(Verdict.Outcome.INSUFFICIENT_SCOPE);
    }

    @Test
    void instanceDeletedThenItsTokenIsInvalid() {
        projection.on(new InstanceDeleted("i-1", T0));
        Verdict verdict = verify(secret, "eu01", "i-1", Action.QUERY);
        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.INVALID_TOKEN);
        assertThat(verdict.reason()).isEqualTo(Verdict.Reason.INSTANCE_DELETED);
    }

    @Test
    void readOnlySelectorTokenMayQueryButNotManage() {
        String readOnly = TokenSecrets.generate(random);
        projection.on(createdForSelector("t2", "eu01", Map.of("token-authority/id", "i-2"), Role.READ_ONLY, readOnly));
        assertThat(verify(readOnly, "eu01", "i-2", Action.QUERY).outcome()).isEqualTo(Verdict.Outcome.ALLOWED);
        Verdict manage = verify(readOnly, "eu01", "i-2", Action.MANAGE);
        assertThat(manage.outcome()).isEqualTo(Verdict.Outcome.INSUFFICIENT_SCOPE);
        assertThat(manage.reason()).isEqualTo(Verdict.Reason.ROLE_NOT_ALLOWED);
    }

    @Test
    void unregisteredInstanceThenNotCovered() {
        String selector = TokenSecrets.generate(random);
        projection.on(createdForSelector("t3", "eu01", Map.of("token-authority/type", "app"), Role.READ_ONLY, selector));
        assertThat(verify(selector, "eu01", "i-nope", Action.QUERY).reason()).isEqualTo(Verdict.Reason.NOT_COVERED);
    }

    @Test
    void atValidUntilThenExpiredEvenWithoutExpiryEvent() {
        Verdict verdict = verifierAt(T0.plus(LIFETIME)).verify(secret, CLIENT, "p-1", "eu01", "i-1", Action.QUERY);
        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.INVALID_TOKEN);
        assertThat(verdict.reason()).isEqualTo(Verdict.Reason.EXPIRED);
    }

    @Test
    void unknownWellFormedSecretThenInvalid() {
        assertThat(verify(TokenSecrets.generate(random), "eu01", "i-1", Action.QUERY).reason())
                .isEqualTo(Verdict.Reason.UNKNOWN_OR_REVOKED);
    }

    @Test
    void supersededSecretOfALiveTokenThenInvalidButToldApartUntilTheTokenGoes() {
        String next = TokenSecrets.generate(random);
        projection.on(regenerated("t1", next, 2));
        Verdict old = verify(secret, "eu01", "i-1", Action.QUERY);
        assertThat(old).isEqualTo(new Verdict(Verdict.Outcome.INVALID_TOKEN, Verdict.Reason.SUPERSEDED, "t1", null));
        assertThat(verify(next, "eu01", "i-1", Action.QUERY).outcome()).isEqualTo(Verdict.Outcome.ALLOWED);

        projection.on(new TokenRevoked("t1", T0));
        assertThat(verify(secret, "eu01", "i-1", Action.QUERY).reason()).isEqualTo(Verdict.Reason.UNKNOWN_OR_REVOKED);
        assertThat(verify(next, "eu01", "i-1", Action.QUERY).reason()).isEqualTo(Verdict.Reason.UNKNOWN_OR_REVOKED);
    }

    @Test
    void allowedNetworksThenOnlyAddressesInsideThemAndRefusedBeforeTheScopeIsLookedAt() {
        projection.on(new TokenAllowedNetworksSet("t1", List.of("10.0.0.0/8", "2001:db8::/32"), T0));

        assertThat(verifierAt(T0).verify(secret, "10.9.8.7", "p-1", "eu01", "i-1", Action.QUERY))
                .isEqualTo(new Verdict(Verdict.Outcome.ALLOWED, Verdict.Reason.VALID, "t1", Role.OPERATOR));
        assertThat(verifierAt(T0).verify(secret, "2001:db8::5", "p-1", "eu01", "i-1", Action.QUERY).outcome())
                .isEqualTo(Verdict.Outcome.ALLOWED);
        assertThat(verifierAt(T0).verify(secret, "::ffff:10.0.0.1", "p-1", "eu01", "i-1", Action.QUERY).outcome())
                .isEqualTo(Verdict.Outcome.ALLOWED);
        for (String elsewhere : new String[] {CLIENT, "11.0.0.1", "2001:db9::1", "", "unknown"}) {
            assertThat(verifierAt(T0).verify(secret, elsewhere, "p-1", "eu01", "i-1", Action.QUERY)).as(elsewhere)
                    .isEqualTo(new Verdict(Verdict.Outcome.INSUFFICIENT_SCOPE, Verdict.Reason.ADDRESS_NOT_ALLOWED, "t1",
                            Role.OPERATOR));
        }
        assertThat(verifierAt(T0).verify(secret, null, "p-1", "eu01", "i-2", Action.QUERY).reason())
                .as("another instance: still the address first").isEqualTo(Verdict.Reason.ADDRESS_NOT_ALLOWED);
    }

    @Test
    void allowedNetworksOutliveARegenerationAndLiftedThenAnyAddressAgain() {
        projection.on(new TokenAllowedNetworksSet("t1", List.of("10.0.0.0/8"), T0));
        String next = TokenSecrets.generate(random);
        projection.on(regenerated("t1", next, 2));
        assertThat(verifierAt(T0).verify(next, CLIENT, "p-1", "eu01", "i-1", Action.QUERY).reason())
                .isEqualTo(Verdict.Reason.ADDRESS_NOT_ALLOWED);
        assertThat(verifierAt(T0).verify(next, "10.0.0.1", "p-1", "eu01", "i-1", Action.QUERY).outcome())
                .isEqualTo(Verdict.Outcome.ALLOWED);

        projection.on(new TokenAllowedNetworksSet("t1", List.of(), T0));
        assertThat(verifierAt(T0).verify(next, CLIENT, "p-1", "eu01", "i-1", Action.QUERY).outcome())
                .isEqualTo(Verdict.Outcome.ALLOWED);
    }

    @Test
    void anInvalidSecretIsInvalidFromEveryAddressAndAnotherTokensNetworksDoNotApply() {
        String other = TokenSecrets.generate(random);
        projection.on(created("t2", "i-1", other));
        projection.on(new TokenAllowedNetworksSet("t2", List.of("10.0.0.0/8"), T0));
        assertThat(verifierAt(T0).verify(secret, CLIENT, "p-1", "eu01", "i-1", Action.QUERY).outcome())
                .isEqualTo(Verdict.Outcome.ALLOWED);
        projection.on(new TokenRevoked("t2", T0));
        assertThat(verifierAt(T0).verify(other, "10.0.0.1", "p-1", "eu01", "i-1", Action.QUERY).reason())
                .isEqualTo(Verdict.Reason.UNKNOWN_OR_REVOKED);
        assertThat(verifierAt(T0.plus(LIFETIME)).verify(secret, "10.0.0.1", "p-1", "eu01", "i-1", Action.QUERY).reason())
                .isEqualTo(Verdict.Reason.EXPIRED);
    }

    @Test
    void malformedOrMissingSecretThenInvalidWithoutLookup() {
        assertThat(verify("tka_garbage", "eu01", "i-1", Action.QUERY).reason()).isEqualTo(Verdict.Reason.MALFORMED);
        assertThat(verify(null, "eu01", "i-1", Action.QUERY).reason()).isEqualTo(Verdict.Reason.MISSING);
    }
}
