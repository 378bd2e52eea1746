package dev.tokenauthority.events.readmodel;

/** The token an active secret opens, and its path ({@code instanceId} null for a selector token). */
public record SecretOwner(String tokenId, String projectId, String regionId, String instanceId) {
}
