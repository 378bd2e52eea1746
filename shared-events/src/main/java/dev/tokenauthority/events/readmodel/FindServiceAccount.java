package dev.tokenauthority.events.readmodel;

/** One service account of a project, if it exists there and was not deleted. */
public record FindServiceAccount(String projectId, String serviceAccountId) {
}
