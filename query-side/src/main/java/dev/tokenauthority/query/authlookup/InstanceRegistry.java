package dev.tokenauthority.query.authlookup;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The instances that exist now and their current labels: the other half of the auth-lookup model. A selector
 * token is matched against these labels on every request, so it covers an instance relabelled or registered
 * after the token was created, and stops covering it the moment its labels stop matching.
 */

public class InstanceRegistry {

    private final ConcurrentMap<InstanceKey, Map<String, String>> labelsByInstance = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, InstanceKey> keyById = new ConcurrentHashMap<>();

    /** The instance's current labels, or {@code null} if no such instance exists (never registered, or deleted). */
    public Map<String, String> labelsOf(InstanceKey key) {
        return labelsByInstance.get(key);
    }

    /** An id names one instance: registered again under another project or region, it is there only (latest wins). */
    void register(InstanceKey key, Map<String, String> labels) {
        InstanceKey previous = keyById.put(key.instanceId(), key);
        if (previous != null && !previous.equals(key)) {
            labelsByInstance.remove(previous);
        }
        labelsByInstance.put(key, Map.copyOf(labels));
    }

    void relabel(String instanceId, Map<String, String> labels) {
        InstanceKey key = keyById.get(instanceId);
        if (key != null) {
            labelsByInstance.replace(key, Map.copyOf(labels));
        }
    }

    void delete(String instanceId) {
        InstanceKey key = keyById.remove(instanceId);
        if (key != null) {
            labelsByInstance.remove(key);
        }
    }

    void clear() {
        labelsByInstance.clear();
        keyById.clear();
    }

    public int size() {
        return labelsByInstance.size();
    }

    /** One line per live instance, in key order: what a digest of the model is computed over. */
    Stream<String> canonicalLines() {
        return labelsByInstance.entrySet().stream()
                .map(e -> e.getKey() + "|" + new TreeMap<>(e.getValue()))
                .sorted();
    }
}
