package dev.tokenauthority.events.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeniedNetworksTests {

    private static final DeniedNetworks DEFAULT = DeniedNetworks.fromSetting(List.of("special-purpose"));

    @Test
    void theSpecialPurposeRangesAreDeniedInBothFamiliesAndInMappedForm() {
        for (String denied : List.of("127.0.0.1", "10.1.2.3", "172.31.255.255", "192.168.0.1", "169.254.169.254",
                "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fd00::1", "fe80::1%eth0",
                "ff02::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "192.0.0.1", "198.18.0.1")) {
            assertThat(DEFAULT.denies(denied)).as(denied).isTrue();
        }
        for (String allowed : List.of("8.8.8.8", "172.32.0.1", "192.169.0.1", "100.128.0.1", "2001:4860::8888",
                "::ffff:8.8.8.8", "203.0.113.7")) {
            assertThat(DEFAULT.denies(allowed)).as(allowed).isFalse();
        }
    }

    @Test
    void theSettingExtendsOrReplacesTheRangesAndEmptyDeniesNothing() {
        DeniedNetworks extended = DeniedNetworks.fromSetting(List.of("special-purpose", " 203.0.113.0/24 "));
        assertThat(extended.denies("203.0.113.7")).isTrue();
        assertThat(extended.denies("127.0.0.1")).isTrue();
        DeniedNetworks own = DeniedNetworks.fromSetting(List.of("203.0.113.0/24"));
        assertThat(own.denies("127.0.0.1")).isFalse();
        assertThat(DeniedNetworks.fromSetting(List.of()).denies("127.0.0.1")).isFalse();
        assertThat(DeniedNetworks.fromSetting(List.of("")).denies("127.0.0.1")).isFalse();
        assertThat(DeniedNetworks.NONE.denies("10.0.0.1")).isFalse();
        assertThat(DEFAULT.denies("hooks.example.com")).as("a name is checked once resolved").isFalse();
    }

    @Test
    void aSettingThatDoesNotParseStopsTheStart() {
        assertThatThrownBy(() -> DeniedNetworks.fromSetting(List.of("10.0.0.1/8")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("denied-networks");
    }
}
