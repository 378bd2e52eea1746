package dev.tokenauthority.edge.admin;

import java.util.List;
import java.util.Optional;

/** Every admin credential; a presented key is compared with all of them, each in constant time. */
public final class AdminKeys {

    private final List<AdminKey> keys;

    public AdminKeys(List<AdminKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /** The principal whose key was presented, if any. */
    public Optional<String> principalOf(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        String found = null;
        for (AdminKey key : keys) {
            if (key.matches(presented)) {
                found = key.principal(); // no early exit: every key is compared
            }
        }
        return Optional.ofNullable(found);
    }
}
