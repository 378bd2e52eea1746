package dev.tokenauthority.query.verify;

import static dev.tokenauthority.query.TestEvents.HASHER;
import static dev.tokenauthority.query.TestEvents.LIFETIME;
import static dev.tokenauthority.query.TestEvents.T0;
import static dev.tokenauthority.query.TestEvents.created;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenauthority.events.secret.TokenSecrets;
import dev.tokenauthority.query.authlookup.AuthLookupIndex;
import dev.tokenauthority.query.authlookup.AuthLookupProjection;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TokenVerifierTests {

    private final AuthLookupIndex index = new AuthLookupIndex();
    private final String secret = TokenSecrets.generate(new SecureRandom());

    private TokenVerifier verifierAt(java.time.Instant now) {
        new AuthLookupProjection(index).on(created("t1", "i-1", secret));
        return new TokenVerifier(index, HASHER, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void validSecretForItsInstanceThenAllowed() {
        Verdict verdict = verifierAt(T0).verify(secret, "p-1", "eu01", "i-1");
        assertThat(verdict).isEqualTo(new Verdict(Verdict.Outcome.ALLOWED, Verdict.Reason.VALID, "t1"));
    }

    @Test
    void validSecretForAnotherInstanceThenInsufficientScope() {
        assertThat(verifierAt(T0).verify(secret, "p-1", "eu01", "i-2").outcome())
                .isEqualTo(Verdict.Outcome.INSUFFICIENT_SCOPE);
        assertThat(verifierAt(T0).verify(secret, "p-1", "eu02", "i-1").outcome())
                .isEqualTo(Verdict.Outcome.INSUFFICIENT_SCOPE);
        assertThat(verifierAt(T0).verify(secret, "p-2", "eu01", "i-1").outcome())
                .isEqualTo(Verdict.Outcome.INSUFFICIENT_SCOPE);
    }

    @Test
    void atValidUntilThenExpiredEvenWithoutExpiryEvent() {
        Verdict verdict = verifierAt(T0.plus(LIFETIME)).verify(secret, "p-1", "eu01", "i-1");
        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.INVALID_TOKEN);
        assertThat(verdict.reason()).isEqualTo(Verdict.Reason.EXPIRED);
    }

    @Test
    void unknownWellFormedSecretThenInvalid() {
        Verdict verdict = verifierAt(T0).verify(TokenSecrets.generate(new SecureRandom()), "p-1", "eu01", "i-1");
        assertThat(verdict.reason()).isEqualTo(Verdict.Reason.UNKNOWN_OR_REVOKED);
    }

    @Test
    void malformedOrMissingSecretThenInvalidWithoutLookup() {
        TokenVerifier verifier = verifierAt(T0);
        assertThat(verifier.verify("tka_garbage", "p-1", "eu01", "i-1").reason()).isEqualTo(Verdict.Reason.MALFORMED);
        assertThat(verifier.verify(null, "p-1", "eu01", "i-1").reason()).isEqualTo(Verdict.Reason.MISSING);
    }

    @Test
    void bearerSchemeIsCaseInsensitive() {
        assertThat(VerifyController.bearer("bearer abc")).isEqualTo("abc");
        assertThat(VerifyController.bearer("Bearer  abc ")).isEqualTo("abc");
        assertThat(VerifyController.bearer("Basic abc")).isNull();
        assertThat(VerifyController.bearer(null)).isNull();
    }

    @Test
    void hasherSeesTheSameSecretAsTheProjection() {
        assertThat(index.find(HASHER.hashBytes(secret))).isEmpty();
        verifierAt(T0);
        assertThat(index.find(HASHER.hashBytes(secret))).isPresent();
    }
}
