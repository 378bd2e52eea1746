package dev.tokenauthority.command.token;

/**
 * Where a token lives, as the URL of a call names it: under one instance
 * ({@code …/instances/{instanceId}/tokens}), or, for a selector token, under the project and region
 * ({@code …/regions/{regionId}/tokens}, {@code instanceId} null). A command for a token under another path is
 * treated as a command for a token that does not exist.
 */
public record TokenPath(String projectId, String regionId, String instanceId) {

    public static TokenPath ofProject(String projectId, String regionId) {
        return new TokenPath(projectId, regionId, null);
    }

    public boolean isInstancePath() {
        return instanceId != null;
    }
}
