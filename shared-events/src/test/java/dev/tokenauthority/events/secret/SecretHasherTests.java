package dev.tokenauthority.events.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SecretHasherTests {

    private static byte[] key(int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }

    @Test
    void sameSecretSameKeyThenSameHash() {
        assertThat(new SecretHasher(key(1)).hash("tka_x")).isEqualTo(new SecretHasher(key(1)).hash("tka_x"));
    }

    @Test
    void otherKeyThenOtherHash() {
        assertThat(new SecretHasher(key(1)).hash("tka_x")).isNotEqualTo(new SecretHasher(key(2)).hash("tka_x"));
    }

    @Test
    void hashIsHmacSha256InBase64Url() {
        // RFC 4231 test case 2 uses a short key; this one checks the encoding and the length instead.
        String hash = new SecretHasher(key(7)).hash("tka_secret");
        assertThat(hash).hasSize(43).matches("[A-Za-z0-9_-]{43}").doesNotContain("tka_secret");
        assertThat(new SecretHasher(key(7)).hashBytes("tka_secret")).hasSize(32);
    }

    @Test
    void shortKeyThenRejected() {
        assertThatThrownBy(() -> new SecretHasher(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sameHashComparesByValue() {
        assertThat(SecretHasher.sameHash("abc", "abc")).isTrue();
        assertThat(SecretHasher.sameHash("abc", "abd")).isFalse();
    }
}
