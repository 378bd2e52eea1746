package dev.tokenauthority.query.authlookup;

import dev.tokenauthority.events.access.Labels;
import java.util.Map;

/** What a token opens: one instance, or every instance of a project and region that a selector matches. */
public sealed interface TokenScope {

    /**
     * Whether the scope covers the instance at {@code key}, whose current labels are {@code labels}
     * ({@code null} when no such instance is registered). Costs O(size of the selector), whatever the number
     * of tokens and instances.
     */
    boolean covers(InstanceKey key, Map<String, String> labels);

    /** An instance token: the one instance it was issued for, while that instance exists. */
    record InstanceScope(InstanceKey instance) implements TokenScope {
        @Override
        public boolean covers(InstanceKey key, Map<String, String> labels) {
            return labels != null && instance.equals(key);
        }
    }

    /** A selector token: instances of its project and region that carry every pair of the selector, now. */
    record SelectorScope(String projectId, String regionId, Map<String, String> selector) implements TokenScope {
        public SelectorScope {
            selector = Map.copyOf(selector);
        }

        @Override
        public boolean covers(InstanceKey key, Map<String, String> labels) {
            return labels != null && regionId.equals(key.regionId()) && projectId.equals(key.projectId())
                    && Labels.matches(selector, labels);
        }
    }
}
