package dev.tokenauthority.events.readmodel;

/**
 * One token's metadata from the catalogue, if it exists under that path and was not revoked: under the
 * instance for an instance token, under the project and region ({@code instanceId} null) for a selector token.
 */
public record FindToken(String projectId, String regionId, String instanceId, String tokenId) {
}
