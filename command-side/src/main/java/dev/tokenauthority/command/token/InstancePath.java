package dev.tokenauthority.command.token;

/**
 * The instance a token belongs to, as named by the URL of the call. A command for a token under another
 * instance's URL is treated as a command for a token that does not exist.
 */
public record InstancePath(String projectId, String regionId, String instanceId) {
}
