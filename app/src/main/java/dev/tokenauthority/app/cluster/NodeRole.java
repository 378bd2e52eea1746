package dev.tokenauthority.app.cluster;

import java.util.Locale;

/**
 * What a node serves ({@code token-authority.node.role}): {@code full} (everything, the default) or {@code verify}
 * (verify, gateway and read endpoints; write calls are refused), so that verify capacity can grow apart from the
 * admin API.
 */
public enum NodeRole {
    FULL, VERIFY;

    public static NodeRole of(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("token-authority.node.role is full or verify, not '" + value + "'");
        }
    }

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
