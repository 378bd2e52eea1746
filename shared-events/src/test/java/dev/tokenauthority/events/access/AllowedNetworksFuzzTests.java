package dev.tokenauthority.events.access;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Coverage-guided fuzzing (Jazzer) of the allowed-networks parser, against an oracle written apart from it (and from
 * the IPAddress library it uses): whatever the entries, it either refuses them with a message of printable ASCII or
 * keeps canonical blocks (no more than it was given) that parse back to the same list; asking whether any text is
 * allowed never throws; and for IPv4, containment agrees with plain arithmetic on the 32-bit numbers.
 */
class AllowedNetworksFuzzTests {

    private static final Pattern CANONICAL = Pattern.compile(
            "(\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}|[0-9a-f:]+(\\.\\d{1,3}){0,3}/\\d{1,3})");

    private static final Pattern DOTTED_QUAD = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]\\d|\\d)";
    private static final Pattern CANONICAL_IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");

    @FuzzTest(maxDuration = "60s")
    void parsedListsAreCanonicalAndIpv4ContainmentIsArithmetic(FuzzedDataProvider data) {
        List<String> entries = new ArrayList<>();
        int count = data.consumeInt(0, 4);
        for (int i = 0; i < count; i++) {
            entries.add(data.consumeBoolean() ? data.consumeString(60) : ipv4Block(data));
        }
        String client = data.consumeBoolean() ? data.consumeString(50) : ipv4(data.consumeInt());
        AllowedNetworks networks;
        try {
            networks = AllowedNetworks.parse(entries);
        } catch (AllowedNetworks.InvalidNetwork refused) {
            check(refused.getMessage().chars().allMatch(c -> c >= 0x20 && c < 0x7f), "a message that is not printable: "
                    + refused.getMessage());
            return;
        }
        check(networks.cidrs().size() <= entries.size(), "more blocks than entries: " + entries + " -> " + networks);
        for (String cidr : networks.cidrs()) {
            check(CANONICAL.matcher(cidr).matches(), "not a canonical block: " + cidr);
        }
        check(AllowedNetworks.of(networks.cidrs()).equals(networks), "the canonical form does not parse back: " + networks);
        boolean allowed = networks.allows(client); // must not throw, whatever the text
        check(!networks.isAny() || allowed, "an unrestricted list refused " + client);
        boolean dottedQuad = DOTTED_QUAD.matcher(client).matches();
        if (dottedQuad && !CANONICAL_IPV4.matcher(client).matches()) {
            // Not an address literal (a leading zero, read as octal by some parsers; an octet over 255): outside
            // every network, whatever the list, so that no reading of it can open a block it is not in.
            check(networks.isAny() || !allowed, "a non-canonical address was allowed: " + client + " against " + networks);
            return;
        }
        if (dottedQuad && networks.cidrs().stream().allMatch(c -> c.contains("."))) {
            long address = number(client);
            boolean expected = networks.isAny() || networks.cidrs().stream().anyMatch(cidr -> {
                int prefix = Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
                long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
                return (address & mask) == (number(cidr.substring(0, cidr.indexOf('/'))) & mask);
            });
            check(allowed == expected, client + " against " + networks + ": " + allowed + ", arithmetic says " + expected);
        }
    }

    /** A block with its host bits cleared (valid), or as fuzzed (maybe not). */
    private static String ipv4Block(FuzzedDataProvider data) {
        int prefix = data.consumeInt(0, 32);
        int address = data.consumeInt();
        int masked = prefix == 0 ? 0 : address & (int) (0xFFFFFFFFL << (32 - prefix));
        return ipv4(data.consumeBoolean() ? masked : address) + "/" + prefix;
    }

    private static String ipv4(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "." + (address & 0xFF);
    }

    private static long number(String dotted) {
        long value = 0;
        for (String part : dotted.split("\\.")) {
            value = value << 8 | Long.parseLong(part);
        }
        return value;
    }

    private static void check(boolean holds, String what) {
        if (!holds) {
            throw new AssertionError(what);
        }
    }
}
