package dev.tokenauthority.events.readmodel;

/** One instance from the catalogue, if it is registered under that project and region and not deleted. */
public record FindInstance(String projectId, String regionId, String instanceId) {
}
