package dev.tokenauthority.events.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SecretFormatTests {

    private final SecureRandom random = new SecureRandom();

    @Test
    void aSecretIsFoundAnywhereInATextWithOrWithoutItsPrefix() {
        for (SecretFormat format : new SecretFormat[] {SecretFormat.TOKEN, SecretFormat.SERVICE_ACCOUNT_KEY}) {
            for (int i = 0; i < 200; i++) {
                String secret = format.generate(random);
                String body = secret.substring(format.prefix().length());
                assertThat(SecretFormat.appearsIn(secret)).isTrue();
                assertThat(SecretFormat.appearsIn("my token is " + secret + ", keep it")).isTrue();
                assertThat(SecretFormat.appearsIn(body)).as("without its prefix").isTrue();
                assertThat(SecretFormat.appearsIn("name-" + body)).isTrue();
                assertThat(SecretFormat.appearsIn("{\"" + secret + "\":1}")).isTrue();
                assertThat(SecretFormat.appearsIn(secret + "trailing")).as("run on into other characters").isTrue();
                assertThat(SecretFormat.appearsIn("leading" + body + "trailing")).as("inside a longer run").isTrue();
                assertThat(SecretFormat.appearsIn(format.prefix() + body + "x".repeat(1_000))).as("prefixed, a long run").isTrue();
            }
        }
    }

    @Test
    void textsWithoutASecretAreNotTakenForOne() {
        String secret = SecretFormat.TOKEN.generate(random);
        String typo = secret.substring(0, secret.length() - 1) + (secret.endsWith("a") ? "b" : "a");
        assertThat(SecretFormat.appearsIn(typo)).as("a wrong checksum").isFalse();
        assertThat(SecretFormat.appearsIn(typo + "x")).as("a longer run").isFalse();
        assertThat(SecretFormat.appearsIn(null)).isFalse();
        assertThat(SecretFormat.appearsIn("")).isFalse();
        assertThat(SecretFormat.appearsIn("ci-pipeline token for team ML, rotated monthly")).isFalse();
        assertThat(SecretFormat.appearsIn("0123456789012345678901234567890123456789012345678")).isFalse();
    }

    @Test
    void redactionReplacesEverySecretAndLeavesTheRest() {
        String token = SecretFormat.TOKEN.generate(random);
        String key = SecretFormat.SERVICE_ACCOUNT_KEY.generate(random);
        String line = "GET /x/" + token + "?k=" + key.substring(5) + " from 10.0.0.1: " + token;
        assertThat(SecretFormat.redact(line)).isEqualTo("GET /x/tka_[secret]?k=[secret] from 10.0.0.1: tka_[secret]");
        assertThat(SecretFormat.redact("nothing to hide")).isEqualTo("nothing to hide");
        assertThat(SecretFormat.redact(null)).isNull();
    }
}
