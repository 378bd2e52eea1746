package dev.tokenauthority.command.instance;

/** The project and region under which a call names an instance. */
public record InstancePath(String projectId, String regionId) {
}
