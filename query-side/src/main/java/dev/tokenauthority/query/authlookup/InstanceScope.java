package dev.tokenauthority.query.authlookup;

/** The one instance an instance token opens. */
public record InstanceScope(String projectId, String regionId, String instanceId) {

    public boolean covers(String projectId, String regionId, String instanceId) {
        return this.instanceId.equals(instanceId) && this.projectId.equals(projectId)
                && this.regionId.equals(regionId);
    }
}
