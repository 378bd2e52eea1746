package dev.tokenauthority.events.webhook;

import dev.tokenauthority.events.access.AllowedNetworks;
import java.util.ArrayList;
import java.util.List;

/**
 * The networks no webhook may reach ({@code token-authority.webhooks.denied-networks}): without it a project owner
 * could point a webhook at the service's own network (a database, a cloud's metadata address at 169.254.169.254)
 * and have the service call it. By default the {@value #SPECIAL_PURPOSE_SETTING} ranges: unspecified, loopback,
 * private (RFC 1918, unique local), shared (RFC 6598), link-local, benchmarking, protocol assignments, multicast and
 * reserved, for IPv4 and IPv6 (an IPv4 address in IPv6 form counts as the IPv4 one). The setting is a comma list of
 * CIDR blocks, where {@value #SPECIAL_PURPOSE_SETTING} stands for those; empty denies nothing (a deployment whose
 * receivers are internal, and tests with a receiver on loopback).
 *
 * <p>Checked on a registration whose URL names an address, and before every delivery against every address the
 * host resolves to (a name may point anywhere, and may change).
 */
public final class DeniedNetworks {

    public static final String SPECIAL_PURPOSE_SETTING = "special-purpose";
    public static final List<String> SPECIAL_PURPOSE = List.of("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10",
            "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15",
            "224.0.0.0/4", "240.0.0.0/4", "::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8");
    public static final DeniedNetworks NONE = new DeniedNetworks(AllowedNetworks.ANY);
    private static final int MAX_ENTRIES = 256;

    private final AllowedNetworks networks;

    private DeniedNetworks(AllowedNetworks networks) {
        this.networks = networks;
    }

    /** From the setting's entries; refuses to start on one that does not parse. */
    public static DeniedNetworks fromSetting(List<String> setting) {
        List<String> entries = new ArrayList<>();
        for (String entry : setting == null ? List.<String>of() : setting) {
            String trimmed = entry.strip();
            if (trimmed.equals(SPECIAL_PURPOSE_SETTING)) {
                entries.addAll(SPECIAL_PURPOSE);
            } else if (!trimmed.isEmpty()) {
                entries.add(trimmed);
            }
        }
        try {
            return new DeniedNetworks(AllowedNetworks.parse(entries, MAX_ENTRIES));
        } catch (AllowedNetworks.InvalidNetwork e) {
            throw new IllegalArgumentException("token-authority.webhooks.denied-networks: " + e.getMessage(), e);
        }
    }

    /** Whether a webhook may not be sent to {@code address} (an address literal; anything else is not denied here). */
    public boolean denies(String address) {
        return !networks.isAny() && networks.allows(address);
    }

    public List<String> cidrs() {
        return networks.cidrs();
    }
}
