package dev.tokenauthority.events.serviceaccount;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A service account was deleted: its key opens nothing from now on, and it leaves every listing. */
@Revision("1")
public record ServiceAccountDeleted(String serviceAccountId, String projectId, Instant deletedAt) {
}
