package dev.tokenauthority.events.access;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.AddressStringParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import inet.ipaddr.ipv6.IPv6Address;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The client networks a token may be used from: IPv4 and IPv6 CIDR blocks ({@code 10.0.0.0/8},
 * {@code 2001:db8::/32}) or single addresses ({@code 192.0.2.7}, kept as {@code 192.0.2.7/32}). An empty list
 * means any address.
 *
 * <p>Parsed strictly, never through DNS: only the standard textual forms (no host names, no octal or
 * {@code inet_aton} shorthand like {@code 10.1}, no wildcards, ranges, masks or zones), and a block must not have
 * host bits set ({@code 10.1.2.3/8} is refused with {@code 10.0.0.0/8} suggested: it is more likely a typo than
 * meant). Kept in canonical form, in the order given, without duplicates, so equal lists compare equal.
 */
public final class AllowedNetworks {

    public static final int MAX_ENTRIES = 32;
    private static final int MAX_ENTRY_LENGTH = 64;
    public static final String RULES = "allowedNetworks takes at most " + MAX_ENTRIES + " IPv4 or IPv6 addresses or"
            + " CIDR blocks (10.0.0.0/8, 2001:db8::/32, 192.0.2.7) without host bits set beyond the prefix";
    public static final AllowedNetworks ANY = new AllowedNetworks(List.of(), List.of());

    /** Hex digits, dots and colons, then an optional prefix length without leading zeros. */
    private static final Pattern FORM = Pattern.compile("[0-9A-Fa-f.:]+(/(0|[1-9][0-9]{0,2}))?");
    private static final IPAddressStringParameters STRICT = strictParameters(true);
    private static final IPAddressStringParameters CLIENT = strictParameters(false);

    private final List<String> cidrs;
    private final List<IPAddress> blocks;

    private AllowedNetworks(List<String> cidrs, List<IPAddress> blocks) {
        this.cidrs = cidrs;
        this.blocks = blocks;
    }

    /** The networks of {@code entries} (at most {@link #MAX_ENTRIES}); {@code null} or empty is {@link #ANY}. */
    public static AllowedNetworks parse(List<String> entries) throws InvalidNetwork {
        return parse(entries, MAX_ENTRIES);
    }

    /** The same for a list of another bound (a deployment's setting rather than a token's). */
    public static AllowedNetworks parse(List<String> entries, int maxEntries) throws InvalidNetwork {
        if (entries == null || entries.isEmpty()) {
            return ANY;
        }
        if (entries.size() > maxEntries) {
            throw new InvalidNetwork("at most " + maxEntries + " networks");
        }
        Map<String, IPAddress> parsed = new LinkedHashMap<>();
        for (String entry : entries) {
            IPAddress block = block(entry);
            parsed.putIfAbsent(block.toCanonicalString(), block);
        }
        return new AllowedNetworks(List.copyOf(parsed.keySet()), List.copyOf(parsed.values()));
    }

    /** For what was valid once (an event's networks): a list that no longer parses is a defect, not input. */
    public static AllowedNetworks of(List<String> canonical) {
        try {
            return parse(canonical);
        } catch (InvalidNetwork e) {
            throw new IllegalStateException("stored networks no longer parse: " + e.getMessage(), e);
        }
    }

    /** The blocks in canonical form ({@code 10.0.0.0/8}, {@code 192.0.2.7/32}); empty: any address. */
    public List<String> cidrs() {
        return cidrs;
    }

    public boolean isAny() {
        return cidrs.isEmpty();
    }

    /**
     * Whether a request from {@code clientAddress} (as the servlet container or a gateway reports it) may use the
     * token. An IPv4 address in IPv6 form ({@code ::ffff:10.0.0.1}) counts as the IPv4 address; anything that is not
     * an address literal is outside every network.
     */
    public boolean allows(String clientAddress) {
        if (isAny()) {
            return true;
        }
        IPAddress address = clientAddress == null ? null : new IPAddressString(clientAddress.trim(), CLIENT).getAddress();
        if (address == null || address.getNetworkPrefixLength() != null) {
            return false;
        }
        if (address instanceof IPv6Address v6) {
            v6 = v6.removeZone();
            address = v6.isIPv4Mapped() ? v6.getEmbeddedIPv4Address() : v6;
        }
        for (IPAddress block : blocks) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static IPAddress block(String entry) throws InvalidNetwork {
        if (entry == null || entry.isBlank() || entry.length() > MAX_ENTRY_LENGTH) {
            throw new InvalidNetwork("a network must be an address or CIDR block of at most " + MAX_ENTRY_LENGTH
                    + " characters");
        }
        if (!FORM.matcher(entry).matches()) { // before the parser, which forgives surrounding white space
            throw new InvalidNetwork(quoted(entry) + " is not an IPv4 or IPv6 address or CIDR block");
        }
        IPAddress address;
        try {
            address = new IPAddressString(entry, STRICT).toAddress();
        } catch (AddressStringException e) {
            throw new InvalidNetwork(quoted(entry) + " is not an IPv4 or IPv6 address or CIDR block");
        }
        if (address == null || address.isMultiple() && address.getNetworkPrefixLength() == null) {
            throw new InvalidNetwork(quoted(entry) + " is not an IPv4 or IPv6 address or CIDR block");
        }
        Integer prefix = address.getNetworkPrefixLength();
        if (prefix == null) {
            return address.setPrefixLength(address.getBitCount()).toPrefixBlock();
        }
        if (!address.isPrefixBlock()) {
            throw new InvalidNetwork(quoted(entry) + " has host bits set beyond /" + prefix + "; did you mean "
                    + address.toPrefixBlock().toCanonicalString() + "?");
        }
        return address.toPrefixBlock();
    }

    /** An entry as a message may show it: printable ASCII only (it is echoed back in a problem). */
    private static String quoted(String entry) {
        StringBuilder shown = new StringBuilder("'");
        entry.chars().forEach(c -> shown.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return shown.append("'").toString();
    }

    private static IPAddressStringParameters strictParameters(boolean prefixes) {
        IPAddressStringParameters.Builder builder = new IPAddressStringParameters.Builder()
                .allowEmpty(false).allowAll(false).allowSingleSegment(false).allowPrefixOnly(false).allowMask(false)
                .allowPrefix(prefixes).allowWildcardedSeparator(false).allow_inet_aton(false)
                .setRangeOptions(AddressStringParameters.RangeParameters.NO_RANGE);
        builder.getIPv4AddressParametersBuilder().allowLeadingZeros(false).allowBinary(false)
                .allowPrefixesBeyondAddressSize(false);
        builder.getIPv6AddressParametersBuilder().allowZone(!prefixes).allowBase85(false).allowBinary(false)
                .allowPrefixesBeyondAddressSize(false).allow_mixed_inet_aton(false);
        return builder.toParams();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AllowedNetworks networks && networks.cidrs.equals(cidrs);
    }

    @Override
    public int hashCode() {
        return cidrs.hashCode();
    }

    @Override
    public String toString() {
        return isAny() ? "any" : String.join(",", cidrs);
    }

    /** Why a list of networks was refused, fit for a client (an entry is shown in printable ASCII only). */
    public static final class InvalidNetwork extends Exception {
        public InvalidNetwork(String reason) {
            super(reason);
        }
    }
}
