package dev.tokenauthority.events.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenSecretsTests {

    private final SecureRandom random = new SecureRandom();

    @Test
    void generatedSecretHasPrefixLengthAndValidChecksum() {
        String secret = TokenSecrets.generate(random);
        assertThat(secret).startsWith("tka_").hasSize(53).matches("tka_[0-9A-Za-z]{49}");
        assertThat(TokenSecrets.isWellFormed(secret)).isTrue();
    }

    @Test
    void generatedSecretsDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(TokenSecrets.generate(random))).isTrue();
        }
    }

    @Test
    void anySingleCharacterChangeFailsTheChecksum() {
        String secret = TokenSecrets.generate(random);
        for (int i = 4; i < secret.length(); i++) {
            char replacement = secret.charAt(i) == 'a' ? 'b' : 'a';
            String typo = secret.substring(0, i) + replacement + secret.substring(i + 1);
            assertThat(TokenSecrets.isWellFormed(typo)).as("changed at %d", i).isFalse();
        }
    }

    @Test
    void garbageIsNotWellFormed() {
        String secret = TokenSecrets.generate(random);
        assertThat(TokenSecrets.isWellFormed(null)).isFalse();
        assertThat(TokenSecrets.isWellFormed("")).isFalse();
        assertThat(TokenSecrets.isWellFormed("garbage")).isFalse();
        assertThat(TokenSecrets.isWellFormed("ghp_" + secret.substring(4))).isFalse();
        assertThat(TokenSecrets.isWellFormed(secret + "0")).isFalse();
        assertThat(TokenSecrets.isWellFormed(secret.substring(0, 52) + "!")).isFalse();
    }
}
