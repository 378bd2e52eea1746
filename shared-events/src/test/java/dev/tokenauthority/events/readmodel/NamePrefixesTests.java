package dev.tokenauthority.events.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenauthority.events.secret.TokenSecrets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamePrefixesTests {

    @ParameterizedTest
    @ValueSource(strings = {"a", "bulk-", "al%", "team_!", "é", "Name with spaces"})
    void aPrefixOfPrintableCharactersIsTakenLiterally(String prefix) {
        assertThat(NamePrefixes.isValid(prefix)).isTrue();
    }

    @ParameterizedTest
    // NUL made PostgreSQL refuse the query (a 500 the endpoint fuzz found); the others are as foreign to a name
    @ValueSource(strings = {"\u0000", "a\u0000b", "tab\there", "line\nbreak", "del\u007f", "next\u0085line", ""})
    void aControlCharacterOrNothingIsRefused(String prefix) {
        assertThat(NamePrefixes.isValid(prefix)).as(prefix).isFalse();
    }

    @Test
    void atMostSixtyThreeCharacters() {
        assertThat(NamePrefixes.isValid("x".repeat(63))).isTrue();
        assertThat(NamePrefixes.isValid("x".repeat(64))).isFalse();
        assertThat(NamePrefixes.isValid(null)).isFalse();
    }

    @Test
    void aSecretSentByMistakeIsRefused() {
        String secret = TokenSecrets.generate(new SecureRandom());
        assertThat(NamePrefixes.isValid(secret)).isFalse();
    }
}
