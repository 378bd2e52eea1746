package dev.tokenauthority.events.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AllowedNetworksTests {

    @Test
    void keepsBlocksInCanonicalFormInTheOrderGivenWithoutDuplicates() throws Exception {
        AllowedNetworks networks = AllowedNetworks.parse(List.of("10.0.0.0/8", "192.0.2.7", "2001:DB8:0:0::/32",
                "10.0.0.0/8", "::1", "192.0.2.7/32"));

        assertThat(networks.cidrs()).containsExactly("10.0.0.0/8", "192.0.2.7/32", "2001:db8::/32", "::1/128");
        assertThat(networks).isEqualTo(AllowedNetworks.of(networks.cidrs()));
        assertThat(networks.isAny()).isFalse();
    }

    @Test
    void noneGivenMeansAnyAddress() throws Exception {
        assertThat(AllowedNetworks.parse(null)).isSameAs(AllowedNetworks.ANY);
        assertThat(AllowedNetworks.parse(List.of())).isSameAs(AllowedNetworks.ANY);
        assertThat(AllowedNetworks.ANY.allows("203.0.113.9")).isTrue();
        assertThat(AllowedNetworks.ANY.allows("not an address")).isTrue();
    }

    @Test
    void allowsExactlyTheAddressesInsideItsBlocks() throws Exception {
        AllowedNetworks networks = AllowedNetworks.parse(List.of("10.1.0.0/16", "192.0.2.7", "2001:db8:aa::/48"));

        assertThat(networks.allows("10.1.0.0")).isTrue();
        assertThat(networks.allows("10.1.255.255")).isTrue();
        assertThat(networks.allows("10.2.0.0")).isFalse();
        assertThat(networks.allows("10.0.255.255")).isFalse();
        assertThat(networks.allows("192.0.2.7")).isTrue();
        assertThat(networks.allows("192.0.2.8")).isFalse();
        assertThat(networks.allows("2001:db8:aa::1")).isTrue();
        assertThat(networks.allows("2001:DB8:AA:FFFF:FFFF:FFFF:FFFF:FFFF")).isTrue();
        assertThat(networks.allows("2001:db8:ab::1")).isFalse();
        assertThat(networks.allows("fe80::1%eth0")).isFalse();
    }

    @Test
    void anIpv4AddressInIpv6FormCountsAsTheIpv4AddressAndZonesAreIgnored() throws Exception {
        AllowedNetworks v4 = AllowedNetworks.parse(List.of("127.0.0.0/8"));
        AllowedNetworks linkLocal = AllowedNetworks.parse(List.of("fe80::/10"));

        assertThat(v4.allows("::ffff:127.0.0.1")).isTrue();
        assertThat(v4.allows("::ffff:128.0.0.1")).isFalse();
        assertThat(linkLocal.allows("fe80::1%eth0")).isTrue();
        assertThat(linkLocal.allows(" fe80::2 ")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "example.com", "10.1.2.3/33", "10.1", "010.0.0.1", "10.0.0.01",
            "10.0.0.*", "10.0.0.1-5", "10.0.0.0/255.0.0.0", "10.0.0.0/08", "/8", "*", "2001:db8::/129",
            "fe80::1%eth0", "2001:db8::g", "1.2.3.4.5", "0x0a.0.0.1", "10.0.0.0 /8", "10.0.0.0/8\n",
            "::ffff:1.2.3", "\u0661.2.3.4"})
    void refusesWhatIsNotAStrictAddressOrBlock(String entry) {
        assertThatThrownBy(() -> AllowedNetworks.parse(List.of(entry)))
                .isInstanceOf(AllowedNetworks.InvalidNetwork.class)
                .satisfies(e -> assertThat(e.getMessage()).matches("[\\x20-\\x7e]+"));
    }

    @Test
    void refusesABlockWithHostBitsAndSuggestsTheBlockMeant() {
        assertThatThrownBy(() -> AllowedNetworks.parse(List.of("10.1.2.3/8")))
                .hasMessage("'10.1.2.3/8' has host bits set beyond /8; did you mean 10.0.0.0/8?");
        assertThatThrownBy(() -> AllowedNetworks.parse(List.of("2001:db8::1/32")))
                .hasMessageContaining("did you mean 2001:db8::/32?");
    }

    @Test
    void refusesNullEntriesOverlongEntriesAndTooManyEntries() {
        List<String> withNull = new ArrayList<>(List.of("10.0.0.0/8"));
        withNull.add(null);
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i <= AllowedNetworks.MAX_ENTRIES; i++) {
            tooMany.add("10.0.0." + i);
        }

        assertThatThrownBy(() -> AllowedNetworks.parse(withNull)).isInstanceOf(AllowedNetworks.InvalidNetwork.class);
        assertThatThrownBy(() -> AllowedNetworks.parse(List.of("1".repeat(65))))
                .isInstanceOf(AllowedNetworks.InvalidNetwork.class);
        assertThatThrownBy(() -> AllowedNetworks.parse(tooMany)).hasMessage("at most 32 networks");
        assertThat(Collections.nCopies(AllowedNetworks.MAX_ENTRIES, "10.0.0.0/8")).hasSize(32);
    }

    @Test
    void somethingThatIsNotAnAddressIsOutsideEveryNetwork() throws Exception {
        AllowedNetworks everything = AllowedNetworks.parse(List.of("0.0.0.0/0", "::/0"));

        assertThat(everything.allows("10.0.0.1")).isTrue();
        assertThat(everything.allows("::1")).isTrue();
        assertThat(everything.allows(null)).isFalse();
        assertThat(everything.allows("")).isFalse();
        assertThat(everything.allows("unknown")).isFalse();
        assertThat(everything.allows("10.0.0.0/8")).isFalse();
        assertThat(everything.allows("10.0.0.*")).isFalse();
    }
}
