package dev.tokenauthority.edge.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BearerCredentialsTests {

    @Test
    void bearerSchemeIsCaseInsensitive() {
        assertThat(BearerCredentials.of("bearer abc")).isEqualTo("abc");
        assertThat(BearerCredentials.of("Bearer  abc ")).isEqualTo("abc");
        assertThat(BearerCredentials.of("Basic abc")).isNull();
        assertThat(BearerCredentials.of(null)).isNull();
    }
}
