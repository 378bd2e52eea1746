package dev.tokenauthority.events.readmodel;

/** One token's metadata from the catalogue, if it exists under that instance and was not revoked. */
public record FindToken(String projectId, String regionId, String instanceId, String tokenId) {
}
