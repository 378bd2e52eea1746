package dev.tokenauthority.query.authlookup;

/** An instance as a request names it. Regions are part of the key: nothing crosses them. */
public record InstanceKey(String projectId, String regionId, String instanceId) {
}
