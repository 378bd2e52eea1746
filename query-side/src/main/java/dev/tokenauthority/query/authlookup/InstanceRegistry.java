package dev.tokenauthority.query.authlookup;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;

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

    void writeTo(DataOutputStream out) throws IOException {
        Map<InstanceKey, Map<String, String>> copy = Map.copyOf(labelsByInstance);
        out.writeInt(copy.size());
        for (Map.Entry<InstanceKey, Map<String, String>> entry : copy.entrySet()) {
            SnapshotFields.writeInstanceKey(out, entry.getKey());
            SnapshotFields.writeMap(out, entry.getValue());
        }
    }

    static InstanceRegistry readFrom(DataInputStream in) throws IOException {
        InstanceRegistry registry = new InstanceRegistry();
        int count = SnapshotFields.count(in);
        for (int i = 0; i < count; i++) {
            InstanceKey key = SnapshotFields.readInstanceKey(in);
            if (registry.keyById.containsKey(key.instanceId())) {
                throw new IOException("instance " + i + " of the snapshot repeats an instance id");
            }
            registry.register(key, SnapshotFields.readMap(in));
        }
        return registry;
    }

    /** One line per live instance, in key order: what a digest of the model is computed over. */
    Stream<String> canonicalLines() {
        return labelsByInstance.entrySet().stream()
                .map(e -> e.getKey() + "|" + new TreeMap<>(e.getValue()))
                .sorted();
    }
}
